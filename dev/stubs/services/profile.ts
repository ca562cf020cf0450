/**
 * Altinn Profile: contact points for notifications. Every person and organisation has one e-mail address and one
 * mobile number derived from its number (see parties.ts), so the same id always gets the same addresses.
 * - `POST /profile/api/v1/person/contact/details/lookup` (and the `internal/` twin Notifications uses):
 *   {nationalIdentityNumbers} → {matchedPersonContactDetails, unmatchedNationalIdentityNumbers}; 404 if none match;
 * - `POST /profile/api/v1/correspondence/organizations/notificationaddresses/lookup` (Correspondence) and
 *   `…/organizations/notificationaddresses/lookup` (Notifications): {organizationNumbers} → {contactPointsList};
 * - `POST /profile/api/v1/correspondence/units/contactpoint/lookup` and `…/units/contactpoint/lookup`:
 *   {organizationNumbers, resourceId} → the users who registered a contact point for the unit, i.e. the holders of a
 *   role assignment for that organisation in the fixtures.
 */
import { z } from "zod";
import type { StubContext, StubModule } from "../context.js";
import type { StubHandler, StubResponse } from "../router.js";
import { contactPointsOf, isNationalIdentityNumber, isOrganizationNumber, partyDirectory } from "./parties.js";

const BASE = "/profile/api/v1";
const requiresToken = { requiresToken: true };

const organisationNumbers = z
  .array(z.string().trim().refine(isOrganizationNumber, "Every organization number must be 9 digits"))
  .min(1, "organizationNumbers must name at least one organisation");
const notificationAddressesRequest = z.object({ organizationNumbers: organisationNumbers });
const unitContactPointsRequest = z.object({ organizationNumbers: organisationNumbers, resourceId: z.string().min(1) });
const personContactDetailsRequest = z.object({
  nationalIdentityNumbers: z.array(z.string()).min(1, "National identity numbers cannot be null or empty."),
});

export const profileStub: StubModule = (router, context) => {
  for (const path of [`${BASE}/person/contact/details/lookup`, `${BASE}/internal/person/contact/details/lookup`]) {
    router.route("profile", "POST", path, personContactDetails(context), requiresToken);
  }
  for (const path of [
    `${BASE}/correspondence/organizations/notificationaddresses/lookup`,
    `${BASE}/organizations/notificationaddresses/lookup`,
  ]) {
    router.route("profile", "POST", path, organisationNotificationAddresses, requiresToken);
  }
  for (const path of [`${BASE}/correspondence/units/contactpoint/lookup`, `${BASE}/units/contactpoint/lookup`]) {
    router.route("profile", "POST", path, unitContactPoints(context), requiresToken);
  }
};

function personContactDetails(context: StubContext): StubHandler {
  return (req) => {
    const request = personContactDetailsRequest.safeParse(req.body);
    if (!request.success) return invalid(request.error);
    const numbers = request.data.nationalIdentityNumbers;
    const matchedPersonContactDetails = numbers.filter(isNationalIdentityNumber).map((nationalIdentityNumber) => {
      const { email, mobileNumber } = contactPointsOf(nationalIdentityNumber);
      return {
        nationalIdentityNumber,
        isReserved: context.fixtures.reservedNationalIds.includes(nationalIdentityNumber),
        mobilePhoneNumber: mobileNumber,
        emailAddress: email,
        languageCode: "nb",
      };
    });
    if (matchedPersonContactDetails.length === 0) return { status: 404, text: "" };
    const unmatchedNationalIdentityNumbers = numbers.filter((number) => !isNationalIdentityNumber(number));
    return { status: 200, json: { matchedPersonContactDetails, unmatchedNationalIdentityNumbers } };
  };
}

const organisationNotificationAddresses: StubHandler = (req) => {
  const request = notificationAddressesRequest.safeParse(req.body);
  if (!request.success) return invalid(request.error);
  const contactPointsList = [...new Set(request.data.organizationNumbers)].map((organizationNumber) => {
    const { email, mobileNumber } = contactPointsOf(organizationNumber);
    // addressOrigin: whose addresses these are (Profile falls back to the main unit's; the stub never needs to).
    const addressOrigin = organizationNumber;
    return { organizationNumber, addressOrigin, emailList: [email], mobileNumberList: [mobileNumber] };
  });
  return { status: 200, json: { contactPointsList } };
};

function unitContactPoints(context: StubContext): StubHandler {
  return (req) => {
    const request = unitContactPointsRequest.safeParse(req.body);
    if (!request.success) return invalid(request.error);
    const parties = partyDirectory(context);
    const resourceId = request.data.resourceId.replace(/^urn:altinn:resource:/, "");
    const contactPointsList = [...new Set(request.data.organizationNumbers)].map((organizationNumber) => {
      // Only people log in and register contact points, so organisation holders are left out.
      const holderIds = context.fixtures.roleAssignments.flatMap((assignment) =>
        "orgNumber" in assignment.party &&
        assignment.party.orgNumber === organizationNumber &&
        "pid" in assignment.holder &&
        (assignment.resources === undefined || assignment.resources.includes(resourceId))
          ? [assignment.holder.pid]
          : [],
      );
      const userContactPoints = [...new Set(holderIds)].map((nationalIdentityNumber) => ({
        userId: parties.person(nationalIdentityNumber).userId,
        nationalIdentityNumber,
        isReserved: context.fixtures.reservedNationalIds.includes(nationalIdentityNumber),
        ...contactPointsOf(nationalIdentityNumber),
      }));
      return { organizationNumber, partyId: parties.organization(organizationNumber).partyId, userContactPoints };
    });
    return { status: 200, json: { contactPointsList } };
  };
}

function invalid(error: z.ZodError): StubResponse {
  const detail = error.issues.map((issue) => issue.message).join("; ");
  return { status: 400, json: { title: "One or more validation errors occurred.", status: 400, detail } };
}
