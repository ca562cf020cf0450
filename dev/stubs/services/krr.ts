/**
 * KRR, the contact and reservation register (Digdir's "oppslagstjenesten"): `POST /rest/v2/personer` with
 * `{personidentifikatorer: [...]}` (1–1000 national identity numbers) → `{personer: [...]}`. Correspondence treats
 * `reservasjon: "JA"` as reserved; the fixtures' reservedNationalIds say who is. Everyone else is an active,
 * notifiable person with the same e-mail address and mobile number Profile reports. Also served under `/krr/…`
 * for setups that give every external service its own base path. Callers use a Maskinporten token.
 */
import { z } from "zod";
import type { StubContext, StubModule } from "../context.js";
import type { StubHandler } from "../router.js";
import { contactPointsOf, isNationalIdentityNumber } from "./parties.js";

/** KRR reports when contact details were last changed and verified; a fixed moment keeps answers stable. */
const LAST_UPDATED = "2024-01-15T10:00:00+01:00";

const personLookupSchema = z.object({
  personidentifikatorer: z
    .array(z.string().refine(isNationalIdentityNumber, "Every personidentifikator must be 11 digits"))
    .min(1, "personidentifikatorer must name at least one person")
    .max(1000, "At most 1000 personidentifikatorer per request"),
});

export const krrStub: StubModule = (router, context) => {
  for (const path of ["/rest/v2/personer", "/krr/rest/v2/personer"]) {
    router.route("krr", "POST", path, lookUpPersons(context), { requiresToken: true });
  }
};

function lookUpPersons(context: StubContext): StubHandler {
  return (req) => {
    const request = personLookupSchema.safeParse(req.body);
    if (!request.success) {
      const detail = request.error.issues.map((issue) => issue.message).join("; ");
      return { status: 400, json: { title: "Invalid KRR lookup", status: 400, detail } };
    }
    const personer = request.data.personidentifikatorer.map((nationalId) => {
      const reserved = context.fixtures.reservedNationalIds.includes(nationalId);
      const { email, mobileNumber } = contactPointsOf(nationalId);
      return {
        personidentifikator: nationalId,
        reservasjon: reserved ? "JA" : "NEI",
        status: "AKTIV",
        varslingsstatus: reserved ? "KAN_IKKE_VARSLES" : "KAN_VARSLES",
        kontaktinformasjon: {
          epostadresse: email,
          epostadresse_oppdatert: LAST_UPDATED,
          epostadresse_sist_verifisert: LAST_UPDATED,
          mobiltelefonnummer: mobileNumber,
          mobiltelefonnummer_oppdatert: LAST_UPDATED,
          mobiltelefonnummer_sist_verifisert: LAST_UPDATED,
        },
        spraak: "nb",
        spraak_oppdatert: LAST_UPDATED,
        oppdatert: LAST_UPDATED,
      };
    });
    return { status: 200, json: { personer } };
  };
}
