import { z } from 'zod'
import { LANGUAGES } from '../../domain/types.js'

/* The notifications list and the language setting: the API and /me parse the same way. */

export const NotificationsQuery = z.object({
  unread: z.enum(['true', 'false']).optional().meta({ description: '`true`: only the unread ones' }),
})

export const LanguageInput = z.object({
  language: z.enum(LANGUAGES).meta({ description: 'the language of the caller’s notifications and e-mails' }),
})
