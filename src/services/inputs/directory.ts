import { z } from 'zod'
import { INSTITUTION_KINDS, ROLES } from '../../domain/types.js'
import { Id } from './instant.js'
import { singleLine } from './text.js'

/* Cities, institutions, accounts and sign-in: the API and the platform admin's page parse the same way. */

export const CityCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case letters, digits and dashes')
export const CityInput = z.object({ code: CityCode, name: singleLine(100, 1) })

export const InstitutionInput = z.object({
  name: singleLine(200, 1),
  city: CityCode,
  kind: z.enum(INSTITUTION_KINDS),
})
export type InstitutionInput = z.infer<typeof InstitutionInput>

export const PASSWORD_MIN_LENGTH = 8
export const NewPassword = z.string().min(PASSWORD_MIN_LENGTH).max(1000)
const PersonName = singleLine(100, 1)
export const RoleInput = z.enum(ROLES)

export const NewUserInput = z.object({
  email: z.email().max(254),
  name: PersonName,
  password: NewPassword,
  role: RoleInput,
  institutionId: Id.nullable(),
})
export type NewUserInput = z.infer<typeof NewUserInput>

export const UserChangesInput = z.object({
  name: PersonName.optional(),
  role: RoleInput.optional(),
  active: z.boolean().optional(),
})

export const SignInInput = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(1000) })

export const PasswordChangeInput = z.object({ currentPassword: z.string().min(1).max(1000), newPassword: NewPassword })
