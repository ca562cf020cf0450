/**
 * Altinn Resource Registry, the three reads Correspondence makes:
 * - `GET /resourceregistry/api/v1/resource/{id}`: the ServiceResource (competent authority = the sender);
 * - `GET …/resource/{id}/policy/rights`: who may do what; Correspondence calls a resource Confidential when a subject
 *   is the access package `post-til-virksomheten-med-taushetsbelagt-innhold`, so the fixture's confidential list
 *   drives exactly that attribute;
 * - `GET …/resource/{id}/policy`: the XACML policy, whose obligations carry the minimum authentication level.
 * Every well-formed id is a resource (defaults from the fixtures); reads are anonymous, as on the real registry.
 * The malware-scan bypass list is not a registry property: the real Correspondence reads it from its own settings
 * (`MalwareScanBypassWhiteList`), so it stays in the fixtures for the app's local configuration.
 */
import type { StubContext, StubModule } from "../context.js";
import { resourceFixture, type ResourceFixture } from "../fixtures.js";
import type { StubResponse } from "../router.js";
import { partyDirectory } from "./parties.js";

const CONFIDENTIAL_ACCESS_PACKAGE = "post-til-virksomheten-med-taushetsbelagt-innhold";
const ORDINARY_ACCESS_PACKAGE = "post-til-virksomheten";
const ACTION_ID = "urn:oasis:names:tc:xacml:1.0:action:action-id";

/** Resource identifiers in the registry: letters, digits, '-' and '_'. */
export function isWellFormedResourceId(resourceId: string): boolean {
  return /^[a-z0-9][a-z0-9_-]{0,99}$/i.test(resourceId);
}

export const resourceRegistryStub: StubModule = (router, context) => {
  router.route("resource-registry", "GET", "/resourceregistry/api/v1/resource/:id", (req) =>
    withResource(req.params.id!, context, (resource) => ({
      status: 200,
      json: serviceResource(req.params.id!, resource, context),
    })),
  );
  router.route("resource-registry", "GET", "/resourceregistry/api/v1/resource/:id/policy/rights", (req) =>
    withResource(req.params.id!, context, (resource) => ({
      status: 200,
      json: policyRights(req.params.id!, resource, context.fixtures.confidentialResources.includes(req.params.id!)),
    })),
  );
  router.route("resource-registry", "GET", "/resourceregistry/api/v1/resource/:id/policy", (req) =>
    withResource(req.params.id!, context, (resource) => ({
      status: 200,
      text: policyXml(req.params.id!, resource, context.fixtures.confidentialResources.includes(req.params.id!)),
      headers: { "content-type": "application/xml; charset=utf-8" },
    })),
  );
};

function withResource(
  resourceId: string,
  context: StubContext,
  answer: (resource: ResourceFixture) => StubResponse,
): StubResponse {
  if (!isWellFormedResourceId(resourceId)) {
    return { status: 404, json: { title: "Not Found", status: 404, detail: `No resource '${resourceId}'` } };
  }
  return answer(resourceFixture(context.fixtures, resourceId));
}

function serviceResource(resourceId: string, resource: ResourceFixture, context: StubContext): Record<string, unknown> {
  const ownerName = partyDirectory(context).organization(resource.ownerOrgNumber).displayName;
  const title = resource.title ?? `Test resource ${resourceId}`;
  return {
    identifier: resourceId,
    version: "1",
    title: { en: title, nb: title, nn: title },
    description: {
      en: `Local stub resource ${resourceId}`,
      nb: `Lokal testressurs ${resourceId}`,
      nn: `Lokal testressurs ${resourceId}`,
    },
    rightDescription: { en: "Read and send messages", nb: "Lese og sende meldinger", nn: "Lese og sende meldingar" },
    homepage: null,
    status: "Completed",
    contactPoints: [],
    isPartOf: null,
    resourceReferences: [],
    delegable: true,
    visible: true,
    hasCompetentAuthority: {
      organization: resource.ownerOrgNumber,
      orgcode: resource.ownerOrgCode,
      name: { en: ownerName, nb: ownerName, nn: ownerName },
    },
    keywords: [],
    accessListMode: "Disabled",
    selfIdentifiedUserEnabled: false,
    enterpriseUserEnabled: false,
    resourceType: resource.resourceType,
    availableForType: ["PrivatePerson", "LegalEntityEnterprise", "Company"],
    isOneTimeConsent: false,
    limitedByRRR: false,
  };
}

interface Right {
  action: { type: string; value: string };
  resource: Array<{ type: string; value: string }>;
  subjects: Array<{ subjectAttributes: Array<{ type: string; value: string }> }>;
  rightKey: string;
  subjectTypes: string[];
}

function policyRights(resourceId: string, resource: ResourceFixture, confidential: boolean): Right[] {
  const readers = [
    { subjectAttributes: [{ type: "urn:altinn:accesspackage", value: readerAccessPackage(confidential) }] },
    { subjectAttributes: [{ type: "urn:altinn:rolecode", value: "priv" }] },
  ];
  const writers = [{ subjectAttributes: [{ type: "urn:altinn:org", value: resource.ownerOrgCode }] }];
  const right = (action: string, subjects: Right["subjects"]): Right => ({
    action: { type: ACTION_ID, value: action },
    resource: [{ type: "urn:altinn:resource", value: resourceId }],
    subjects,
    rightKey: `urn:altinn:resource:${resourceId};${action}`,
    subjectTypes: [...new Set(subjects.flatMap((subject) => subject.subjectAttributes.map(({ type }) => type)))],
  });
  return [right("read", readers), right("write", writers)];
}

const XS_STRING = "http://www.w3.org/2001/XMLSchema#string";
const XS_INTEGER = "http://www.w3.org/2001/XMLSchema#integer";
const SUBJECT_CATEGORY = "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject";
const RESOURCE_CATEGORY = "urn:oasis:names:tc:xacml:3.0:attribute-category:resource";
const ACTION_CATEGORY = "urn:oasis:names:tc:xacml:3.0:attribute-category:action";

/**
 * A XACML 3.0 policy with the rules above; its obligation carries the minimum authentication level.
 * (A backslash at a line's end inside the templates continues the line, keeping the XML attributes together.)
 */
function policyXml(resourceId: string, resource: ResourceFixture, confidential: boolean): string {
  const readerPackage = readerAccessPackage(confidential);
  const match = (functionId: string, value: string, attributeId: string, category: string) => `
      <xacml:AnyOf><xacml:AllOf>
        <xacml:Match MatchId="urn:oasis:names:tc:xacml:${functionId}">
          <xacml:AttributeValue DataType="${XS_STRING}">${escapeXml(value)}</xacml:AttributeValue>
          <xacml:AttributeDesignator AttributeId="${attributeId}" Category="${category}" DataType="${XS_STRING}" \
MustBePresent="false"/>
        </xacml:Match>
      </xacml:AllOf></xacml:AnyOf>`;
  const rule = (ruleNumber: number, subjectId: string, subjectValue: string, action: string) => `
  <xacml:Rule RuleId="urn:altinn:resource:${resourceId}:ruleid:${ruleNumber}" Effect="Permit">
    <xacml:Target>${[
      match("3.0:function:string-equal-ignore-case", subjectValue, subjectId, SUBJECT_CATEGORY),
      match("1.0:function:string-equal", resourceId, "urn:altinn:resource", RESOURCE_CATEGORY),
      match("1.0:function:string-equal", action, ACTION_ID, ACTION_CATEGORY),
    ].join("")}
    </xacml:Target>
  </xacml:Rule>`;
  const rules = [
    rule(1, "urn:altinn:accesspackage", readerPackage, "read"),
    rule(2, "urn:altinn:rolecode", "priv", "read"),
    rule(3, "urn:altinn:org", resource.ownerOrgCode, "write"),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<xacml:Policy xmlns:xacml="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" \
PolicyId="urn:altinn:resource:${resourceId}:policyid:1" Version="1.0" \
RuleCombiningAlgId="urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides">
  <xacml:Target/>${rules.join("")}
  <xacml:ObligationExpressions>
    <xacml:ObligationExpression ObligationId="urn:altinn:obligation:authenticationLevel1" FulfillOn="Permit">
      <xacml:AttributeAssignmentExpression AttributeId="urn:altinn:obligation-assignment:1" \
Category="urn:altinn:minimum-authenticationlevel">
        <xacml:AttributeValue DataType="${XS_INTEGER}">${resource.minimumAuthenticationLevel}</xacml:AttributeValue>
      </xacml:AttributeAssignmentExpression>
    </xacml:ObligationExpression>
  </xacml:ObligationExpressions>
</xacml:Policy>
`;
}

/** Correspondence reads a resource as Confidential exactly when this package is among the readers. */
function readerAccessPackage(confidential: boolean): string {
  return confidential ? CONFIDENTIAL_ACCESS_PACKAGE : ORDINARY_ACCESS_PACKAGE;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
