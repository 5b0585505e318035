/** The part of nodemailer 10 the SMTP transport uses (src/mail-smtp-node.ts); the package ships no types. */
declare module 'nodemailer' {
  export interface SendMailOptions {
    from: string
    to: string
    subject: string
    text: string
    html: string
    messageId?: string
  }
  export interface SentMessageInfo {
    messageId: string
    accepted: string[]
    rejected: string[]
    response: string
  }
  export interface Transporter {
    sendMail(message: SendMailOptions): Promise<SentMessageInfo>
    close(): void
  }
  export function createTransport(options: Record<string, unknown>): Transporter
  const nodemailer: { createTransport: typeof createTransport }
  export default nodemailer
}
