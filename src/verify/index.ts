/**
 * "Is this really support?": checks a phone number, web address, e-mail address or social
 * handle against the catalog's official contacts, and flags imitations (confusable
 * characters, punycode, near-miss spellings, the brand inside an unrelated domain, an
 * official number with another country code). Pure; build the index once per catalog.
 */
export { CONTACT_KINDS, contactItems, contactKind, type ContactKind } from './contact.ts';
export {
  buildContactIndex,
  contactIndexOf,
  type Brand,
  type ContactIndex,
  type ContactSource,
  type Entry,
  type HandleEntry,
  type IndexedProvider,
  type PhoneEntry,
  type PrefixEntry,
} from './contact-index.ts';
export { allowedEdits, containsAtBoundary, editDistance, skeleton } from './confusables.ts';
export { handleName, handleOfUrl, normalizeHandle, type NormalHandle } from './handle.ts';
export { LOOKALIKE_REASONS, type LookalikeReason } from './messages.ts';
export { countryOfLocale, displayPhone, normalizePhone, type NormalPhone } from './phone.ts';
export { FREE_MAIL_DOMAINS, SOCIAL_PLATFORMS, TENANT_SUFFIXES } from './platforms.ts';
export { VERDICTS, verifyContact, type ContactMatch, type Verdict, type VerifyResult } from './verify.ts';
export { normalizeEmail, normalizeUrl, unitOfHost, type NormalEmail, type NormalUrl } from './web.ts';
