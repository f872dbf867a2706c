import type { ApiErrorCode } from '@contract'
import en from './locales/en.json'

// A compile error here means a contract error code has no message; the catalog test keeps the other locales level.
const messages: Record<ApiErrorCode, string> = en.errors

/** The i18n key for an API error code; an unknown code (a newer core) still gets a sensible message. */
export const errorKey = (code: string): string => (Object.hasOwn(messages, code) ? `errors.${code}` : 'errors.INTERNAL')
