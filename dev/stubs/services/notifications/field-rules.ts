/** Field-level rules shared by the order request schemas, phrased like the real API's validation messages. */
import { z } from "zod";
import { notificationChannels } from "./model.js";

// Altinn's own e-mail pattern (dot-atom or quoted local part; up to nine domain labels with a 2–14 letter TLD, or an IPv4).
const emailPattern =
  /^(("[^"]+")|([a-zA-Z0-9!#$%&'*+\-=?^_`{|}~]+(\.[a-zA-Z0-9!#$%&'*+\-=?^_`{|}~]+)*))@(((([a-zA-Z0-9æøåÆØÅ]([a-zA-Z0-9\-æøåÆØÅ]{0,61})[a-zA-Z0-9æøåÆØÅ]\.)|[a-zA-Z0-9æøåÆØÅ]\.){1,9}[a-zA-Z]{2,14})|(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}))$/;

export const emailAddress = z.string().regex(emailPattern, "Invalid email address format.");

// The real service runs libphonenumber; locally an international prefix and a plausible number of digits is enough.
export const mobileNumber = z
  .string()
  .refine((value) => /^(\+|00)\d{7,15}$/.test(value.replace(/\s/g, "")), "Invalid mobile number format.");

export const nationalIdentityNumber = z
  .string()
  .regex(/^\d{11}$/, "National identity number must be 11 digits long.");

export const organizationNumber = z.string().regex(/^\d{9}$/, "Organization number must be 9 digits long.");

export const resourceUrn = z
  .string()
  .startsWith("urn:altinn:resource", "ResourceId must start with 'urn:altinn:resource'.");

export const notificationChannel = z.enum(notificationChannels);

/** Condition endpoints are called over HTTP by the service, so only absolute http(s) URLs make sense. */
export const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}, "Must be an absolute http or https URI.");

// The real API refuses any send time in the past. A small grace absorbs clock drift between the caller's process and the
// stub, and the latency of a request built with "now".
const pastSendTimeGraceMs = 30_000;

/** A date-time with an explicit offset (a time without zone is ambiguous, and the real API refuses it), not in the past. */
export const sendTime = z
  .string()
  .refine(
    (value) => /([zZ]|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
    "Send time must be a date-time with a specified time zone.",
  )
  .refine(
    (value) => Date.parse(value) >= Date.now() - pastSendTimeGraceMs,
    "Send time must be in the future. Leave blank to send immediately.",
  );

export const requiredText = (message: string) => z.string().refine((value) => value.trim().length > 0, message);
