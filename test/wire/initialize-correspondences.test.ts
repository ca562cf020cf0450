/**
 * The model-level rules of `POST /correspondence` (api.md §4.1, §2.2): every rule has a body that breaks it (400
 * STD-00000 with ASP.NET's key and message) next to bodies that pass; plus ASP.NET's lenient JSON reading and the
 * normalised request the use case receives.
 */
import { describe, expect, it } from "vitest";
import {
  initializeCorrespondencesResponseSchema,
  parseInitializeCorrespondencesJson,
  parseInitializeCorrespondencesRequest,
} from "../../shared/http/wire/initialize-correspondences.js";
import { content, initializeBody, nationalIdentityNumber, validationErrorsOf } from "./support.js";

const recipientFormat =
  "Recipient should be an organization number in the format 'urn:altinn:organization:identifier-no:organizationnumber' " +
  "or the format countrycode:organizationnumber, for instance 0192:910753614, a national identity number, an idporten " +
  "email URN in the format 'urn:altinn:person:idporten-email:email', or a legacy selfidentified URN in the format " +
  "'urn:altinn:person:legacy-selfidentified:username'";

const tooManyReferences = Array.from({ length: 11 }, (_, index) => ({ referenceType: "Generic", referenceValue: `r${index}` }));
const elevenProperties = Object.fromEntries(Array.from({ length: 11 }, (_, index) => [`key${index}`, "value"]));

interface RuleCase {
  rule: string;
  body: unknown;
  key: string;
  message?: string;
  messages?: string[];
}

const failingCases: RuleCase[] = [
  { rule: "correspondence is required", body: { recipients: ["0192:991825827"] }, key: "Correspondence", message: "The Correspondence field is required." },
  { rule: "correspondence may not be null", body: initializeBody({}, { correspondence: null }), key: "Correspondence", message: "The Correspondence field is required." },
  { rule: "recipients are required", body: { correspondence: initializeBody().correspondence }, key: "Recipients", message: "The Recipients field is required." },
  { rule: "recipients may not be empty", body: initializeBody({}, { recipients: [] }), key: "Recipients", message: "Recipients can not be empty" },
  {
    rule: "at most 500 recipients",
    body: initializeBody({}, { recipients: Array.from({ length: 501 }, () => "0192:991825827") }),
    key: "Recipients",
    message: "Recipients can contain at most 500 recipients",
  },
  { rule: "bare 9 digits are no recipient", body: initializeBody({}, { recipients: ["991825827"] }), key: "Recipients", message: recipientFormat },
  { rule: "a blank recipient", body: initializeBody({}, { recipients: [" "] }), key: "Recipients", message: recipientFormat },
  { rule: "a null recipient", body: initializeBody({}, { recipients: [null] }), key: "Recipients", message: recipientFormat },
  { rule: "10 digits are no recipient", body: initializeBody({}, { recipients: ["0890049955"] }), key: "Recipients", message: recipientFormat },
  { rule: "an unknown URN", body: initializeBody({}, { recipients: ["urn:altinn:party:123"] }), key: "Recipients", message: recipientFormat },
  {
    rule: "the national identity number fails mod-11 (first control digit)",
    body: initializeBody({}, { recipients: ["08900499569"] }),
    key: "Recipients",
    message: "The given Recipient national identity number is not valid",
  },
  {
    rule: "the national identity number fails mod-11 (second control digit), in URN form",
    body: initializeBody({}, { recipients: ["urn:altinn:person:identifier-no:08900499558"] }),
    key: "Recipients",
    message: "The given Recipient national identity number is not valid",
  },
  {
    rule: "an ID-porten e-mail without @",
    body: initializeBody({}, { recipients: ["urn:altinn:person:idporten-email:someone.example.com"] }),
    key: "Recipients",
    message: "The given Recipient email address is not valid",
  },
  {
    rule: "an ID-porten e-mail with a colon (the legacy epost: sub-prefix)",
    body: initializeBody({}, { recipients: ["urn:altinn:person:idporten-email:epost:test@example.com"] }),
    key: "Recipients",
    message: "The given Recipient email address is not valid",
  },
  {
    rule: "an ID-porten e-mail with two @",
    body: initializeBody({}, { recipients: ["urn:altinn:person:idporten-email:a@b@example.com"] }),
    key: "Recipients",
    message: "The given Recipient email address is not valid",
  },
  {
    rule: "a legacy self-identified user name with a colon",
    body: initializeBody({}, { recipients: ["urn:altinn:person:legacy-selfidentified:email:test@example.com"] }),
    key: "Recipients",
    message: recipientFormat,
  },
  {
    rule: "idempotentKey must be a GUID",
    body: initializeBody({}, { idempotentKey: "not-a-guid" }),
    key: "IdempotentKey",
    message: "The idempotency key must be a valid non-empty GUID",
  },
  {
    rule: "idempotentKey may not be the empty GUID",
    body: initializeBody({}, { idempotentKey: "00000000-0000-0000-0000-000000000000" }),
    key: "IdempotentKey",
    message: "The idempotency key must be a valid non-empty GUID",
  },
  { rule: "resourceId is required", body: initializeBody({ resourceId: undefined }), key: "Correspondence.ResourceId", message: "The ResourceId field is required." },
  { rule: "resourceId may not be blank", body: initializeBody({ resourceId: "  " }), key: "Correspondence.ResourceId", message: "The ResourceId field is required." },
  {
    rule: "resourceId is at most 255 characters",
    body: initializeBody({ resourceId: "r".repeat(256) }),
    key: "Correspondence.ResourceId",
    messages: [
      "The field ResourceId must be a string with a minimum length of 1 and a maximum length of 255.",
      // Every attribute of the property is checked; 256 characters also break the pattern's {1,255}.
      "The field ResourceId must match the regular expression '^(urn:altinn:resource:)?[^:]{1,255}$'.",
    ],
  },
  {
    rule: "resourceId has no colon except the URN prefix",
    body: initializeBody({ resourceId: "urn:altinn:app:x" }),
    key: "Correspondence.ResourceId",
    message: "The field ResourceId must match the regular expression '^(urn:altinn:resource:)?[^:]{1,255}$'.",
  },
  { rule: "sendersReference is required", body: initializeBody({ sendersReference: null }), key: "Correspondence.SendersReference", message: "The SendersReference field is required." },
  {
    rule: "sendersReference is at most 4096 characters",
    body: initializeBody({ sendersReference: "s".repeat(4097) }),
    key: "Correspondence.SendersReference",
    message: "The field SendersReference must be a string with a minimum length of 1 and a maximum length of 4096.",
  },
  {
    rule: "messageSender is at most 255 characters",
    body: initializeBody({ messageSender: "m".repeat(256) }),
    key: "Correspondence.MessageSender",
    message: "The field MessageSender must be a string with a maximum length of 255.",
  },
  { rule: "content is required", body: initializeBody({ content: undefined }), key: "Correspondence.Content", message: "The Content field is required." },
  { rule: "content may not be null", body: initializeBody({ content: null }), key: "Correspondence.Content", message: "The Content field is required." },
  {
    rule: "messageTitle is required",
    body: initializeBody({ content: content({ messageTitle: undefined }) }),
    key: "Correspondence.Content.MessageTitle",
    message: "The MessageTitle field is required.",
  },
  {
    rule: "messageTitle may not be blank",
    body: initializeBody({ content: content({ messageTitle: " \t" }) }),
    key: "Correspondence.Content.MessageTitle",
    message: "The MessageTitle field is required.",
  },
  {
    rule: "messageBody may not be empty",
    body: initializeBody({ content: content({ messageBody: "" }) }),
    key: "Correspondence.Content.MessageBody",
    message: "The MessageBody field is required.",
  },
  {
    rule: "messageBody is at most 30 000 characters",
    body: initializeBody({ content: content({ messageBody: "b".repeat(30_001) }) }),
    key: "Correspondence.Content.MessageBody",
    message: "The field MessageBody must be a string with a minimum length of 1 and a maximum length of 30000.",
  },
  {
    rule: "language is exactly 2 characters",
    body: initializeBody({ content: content({ language: "nob" }) }),
    key: "Correspondence.Content.Language",
    message: "The ISO6391 field must be exactly 2 characters long!",
  },
  {
    rule: "at most 10 external references",
    body: initializeBody({ externalReferences: tooManyReferences }),
    key: "Correspondence.ExternalReferences",
    message: "externalReferences can contain at most 10 references",
  },
  {
    rule: "no DialogportenTransmissionId reference",
    body: initializeBody({ externalReferences: [{ referenceType: "DialogportenTransmissionId", referenceValue: "x" }] }),
    key: "Correspondence.ExternalReferences",
    message: "Cannot initialize a correspondence with pre-existing transmission defined",
  },
  {
    rule: "DialogportenTransmissionType names a TransmissionType",
    body: initializeBody({ externalReferences: [{ referenceType: 6, referenceValue: "Memo" }] }),
    key: "Correspondence.ExternalReferences",
    message: "DialogportenTransmissionType referenceValue must be a valid transmission type",
  },
  {
    rule: "DialogportenTransmissionType numbers run 1–8",
    body: initializeBody({ externalReferences: [{ referenceType: "DialogportenTransmissionType", referenceValue: "9" }] }),
    key: "Correspondence.ExternalReferences",
    message: "DialogportenTransmissionType referenceValue must be a valid transmission type",
  },
  {
    rule: "an external reference has a value",
    body: initializeBody({ externalReferences: [{ referenceType: "Generic" }] }),
    key: "Correspondence.ExternalReferences[0].ReferenceValue",
    message: "The ReferenceValue field is required.",
  },
  {
    rule: "an external reference has a type",
    body: initializeBody({ externalReferences: [{ referenceValue: "x" }] }),
    key: "Correspondence.ExternalReferences[0].ReferenceType",
    message: "The ReferenceType field is required.",
  },
  {
    rule: "at most 10 properties",
    body: initializeBody({ propertyList: elevenProperties }),
    key: "Correspondence.PropertyList",
    message: "propertyList can contain at most 10 properties",
  },
  {
    rule: "property keys are at most 50 characters",
    body: initializeBody({ propertyList: { ["k".repeat(51)]: "v" } }),
    key: "Correspondence.PropertyList",
    message: `propertyList Key can not be longer than 50. Length:51, KeyValue:${"k".repeat(51)}`,
  },
  {
    rule: "property values are at most 300 characters",
    body: initializeBody({ propertyList: { key: "v".repeat(301) } }),
    key: "Correspondence.PropertyList",
    message: `propertyList Value can not be longer than 300. Length:301, Value:${"v".repeat(301)}`,
  },
  {
    rule: "a reply option has a linkURL",
    body: initializeBody({ replyOptions: [{ linkText: "Reply" }] }),
    key: "Correspondence.ReplyOptions[0].LinkURL",
    message: "The LinkURL field is required.",
  },
  {
    rule: "an attachment has a sendersReference",
    body: initializeBody({ content: content({ attachments: [{ fileName: "a.pdf" }] }) }),
    key: "Correspondence.Content.Attachments[0].SendersReference",
    message: "The SendersReference field is required.",
  },
  {
    rule: "an attachment checksum is 32 characters",
    body: initializeBody({ content: content({ attachments: [{ fileName: "a.pdf", sendersReference: "r", checksum: "abc" }] }) }),
    key: "Correspondence.Content.Attachments[0].Checksum",
    message: "The checksum, if used, must be a MD5 hash with a length of 32 characters",
  },
  {
    rule: "an attachment checksum is lower case",
    body: initializeBody({
      content: content({ attachments: [{ fileName: "a.pdf", sendersReference: "r", checksum: "D41D8CD98F00B204E9800998ECF8427E" }] }),
    }),
    key: "Correspondence.Content.Attachments[0].Checksum",
    message: "The checksum, if used, must be a MD5 hash in lower case",
  },
  {
    rule: "an attachment file name is at most 255 characters",
    body: initializeBody({ content: content({ attachments: [{ fileName: `${"f".repeat(252)}.pdf`, sendersReference: "r" }] }) }),
    key: "Correspondence.Content.Attachments[0].FileName",
    message: "The field FileName must be a string with a maximum length of 255.",
  },
  {
    rule: "at most 100 new attachments",
    body: initializeBody({
      content: content({ attachments: Array.from({ length: 101 }, (_, index) => ({ fileName: `${index}.pdf`, sendersReference: "r" })) }),
    }),
    key: "Correspondence.Content.Attachments",
    message: "Maximum of 100 attachments allowed.",
  },
  {
    rule: "notification e-mail subject is at most 512 characters",
    body: initializeBody({ notification: { emailSubject: "s".repeat(513) } }),
    key: "Correspondence.Notification.EmailSubject",
    message: "The field EmailSubject must be a string with a maximum length of 512.",
  },
  {
    rule: "notification SMS body is at most 2144 characters",
    body: initializeBody({ notification: { smsBody: "s".repeat(2145) } }),
    key: "Correspondence.Notification.SmsBody",
    message: "The field SmsBody must be a string with a maximum length of 2144.",
  },
];

describe("initialize: each model-level rule (api.md §4.1) answers 400 STD-00000 with ASP.NET's key and message", () => {
  it.each(failingCases)("$rule", ({ body, key, message, messages }) => {
    const errors = validationErrorsOf(parseInitializeCorrespondencesRequest(body));
    expect(errors).toEqual({ [key]: messages ?? [message] });
  });

  it("reports every failing attribute at once, as ASP.NET validates the whole model", () => {
    const body = initializeBody(
      { sendersReference: "", content: content({ messageTitle: "", language: "nob" }) },
      { recipients: [] },
    );
    expect(Object.keys(validationErrorsOf(parseInitializeCorrespondencesRequest(body))).sort()).toEqual([
      "Correspondence.Content.Language",
      "Correspondence.Content.MessageTitle",
      "Correspondence.SendersReference",
      "Recipients",
    ]);
  });
});

describe("initialize: bodies that pass the model rules", () => {
  const passing: { name: string; body: unknown }[] = [
    { name: "the minimal body", body: initializeBody() },
    { name: "500 recipients", body: initializeBody({}, { recipients: Array.from({ length: 500 }, () => "0192:991825827") }) },
    { name: "a person by bare 11 digits", body: initializeBody({}, { recipients: ["08900499559"] }) },
    { name: "a person URN", body: initializeBody({}, { recipients: [`urn:altinn:person:identifier-no:${nationalIdentityNumber("150576123")}`] }) },
    { name: "an ID-porten e-mail", body: initializeBody({}, { recipients: ["urn:altinn:person:idporten-email:Someone@Example.com"] }) },
    { name: "a legacy self-identified user", body: initializeBody({}, { recipients: ["urn:altinn:person:legacy-selfidentified:axely123"] }) },
    { name: "a resource URN", body: initializeBody({ resourceId: "urn:altinn:resource:test-resource" }) },
    { name: "255-character resource id", body: initializeBody({ resourceId: "r".repeat(255) }) },
    { name: "10 external references", body: initializeBody({ externalReferences: tooManyReferences.slice(0, 10) }) },
    {
      name: "a transmission type by name in any case and by number",
      body: initializeBody({
        externalReferences: [
          { referenceType: "DialogportenTransmissionType", referenceValue: "alert" },
          { referenceType: "DialogportenTransmissionType", referenceValue: "8" },
        ],
      }),
    },
    { name: "10 properties of the longest sizes", body: initializeBody({ propertyList: { ["k".repeat(50)]: "v".repeat(300) } }) },
    { name: "a blank language", body: initializeBody({ content: content({ language: " " }) }) },
    { name: "a 30 000-character body", body: initializeBody({ content: content({ messageBody: "b".repeat(30_000) }) }) },
    { name: "a null summary", body: initializeBody({ content: content({ messageSummary: null }) }) },
    { name: "a 255-character messageSender", body: initializeBody({ messageSender: "m".repeat(255) }) },
    { name: "an idempotent key", body: initializeBody({}, { idempotentKey: "3fa85f64-5717-4562-b3fc-2c963f66afa6" }) },
    { name: "dates with and without an offset", body: initializeBody({ requestedPublishTime: "2030-01-01T10:00:00+02:00", dueDateTime: "2030-02-01T10:00" }) },
    { name: "a notification with every member", body: initializeBody({ notification: { notificationTemplate: "GenericAltinnMessage", notificationChannel: "EmailAndSms", emailSubject: "s", emailBody: "b", smsBody: "sms", sendReminder: true, reminderNotificationChannel: 1, customRecipients: [{ emailAddress: "a@b.no" }] } }) },
    { name: "a deprecated sender", body: initializeBody({ sender: "0192:991825827" }) },
  ];

  it.each(passing)("$name", ({ body }) => {
    const result = parseInitializeCorrespondencesRequest(body);
    expect(result.ok ? "ok" : result.failures).toBe("ok");
  });
});

describe("initialize: the normalised request the use case receives", () => {
  it("canonicalises recipients, strips the resource prefix and fills defaults", () => {
    const result = parseInitializeCorrespondencesRequest(
      initializeBody(
        {
          resourceId: "urn:altinn:resource:test-resource",
          content: { language: "EN", messageTitle: "T", messageSummary: null, messageBody: "B" },
        },
        {
          recipients: [
            "0192:991825827",
            "08900499559",
            "urn:altinn:person:idporten-email:Someone@Example.COM",
            "urn:altinn:person:legacy-selfidentified:AxelY",
          ],
          existingAttachments: ["3FA85F64-5717-4562-B3FC-2C963F66AFA6"],
          idempotentKey: "3FA85F64-5717-4562-B3FC-2C963F66AFA7",
        },
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({
      correspondence: {
        resourceId: "test-resource",
        sendersReference: "ref-1",
        messageSender: "",
        content: { language: "en", messageTitle: "T", messageSummary: "", messageBody: "B", attachments: [] },
        requestedPublishTime: null,
        dueDateTime: null,
        externalReferences: [],
        propertyList: {},
        replyOptions: [],
        notification: null,
        ignoreReservation: null,
        isConfirmationNeeded: false,
        isConfidential: false,
        allowForwarding: false,
      },
      recipients: [
        "urn:altinn:organization:identifier-no:991825827",
        "urn:altinn:person:identifier-no:08900499559",
        "urn:altinn:person:idporten-email:someone@example.com",
        "urn:altinn:person:legacy-selfidentified:axely",
      ],
      existingAttachments: ["3fa85f64-5717-4562-b3fc-2c963f66afa6"],
      idempotentKey: "3fa85f64-5717-4562-b3fc-2c963f66afa7",
    });
  });

  it("turns a blank language into nb and dates into UTC", () => {
    const result = parseInitializeCorrespondencesRequest(
      initializeBody({
        content: content({ language: "" }),
        requestedPublishTime: "2030-01-01T10:00:00+02:00",
        dueDateTime: "2030-02-01T10:00",
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.failures));
    expect(result.value.correspondence.content.language).toBe("nb");
    expect(result.value.correspondence.requestedPublishTime).toBe("2030-01-01T08:00:00.000Z");
    expect(result.value.correspondence.dueDateTime).toBe("2030-02-01T10:00:00.000Z");
  });

  it("keeps duplicate recipients for the use case's 1006", () => {
    const result = parseInitializeCorrespondencesRequest(
      initializeBody({}, { recipients: ["0192:991825827", "urn:altinn:organization:identifier-no:991825827"] }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.failures));
    expect(result.value.recipients).toEqual([
      "urn:altinn:organization:identifier-no:991825827",
      "urn:altinn:organization:identifier-no:991825827",
    ]);
  });

  it("reads the notification with its defaults and keeps an undefined template number for 3023", () => {
    const result = parseInitializeCorrespondencesRequest(
      initializeBody({ notification: { notificationTemplate: 7, emailBody: "Hello" } }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.failures));
    expect(result.value.correspondence.notification).toMatchObject({
      notificationTemplate: 7,
      notificationChannel: "Email",
      emailContentType: "Plain",
      emailBody: "Hello",
      sendReminder: false,
      reminderNotificationChannel: null,
      customRecipients: null,
      overrideRegisteredContactInformation: false,
    });
  });
});

describe("initialize: ASP.NET's lenient JSON (api.md §1)", () => {
  it("matches property names case-insensitively, as the Bruno collection sends them", () => {
    const result = parseInitializeCorrespondencesRequest({
      Correspondence: {
        ResourceId: "test-resource",
        SENDERSREFERENCE: "ref",
        Content: { Language: "nb", MessageTitle: "T", MessageBody: "B" },
        IgnoreReservation: true,
        Notification: { NotificationTemplate: "CustomMessage", SendReminder: true, EmailSubject: "S" },
        PropertyList: { CaseKept: "yes" },
      },
      Recipients: ["0192:991825827"],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.failures));
    expect(result.value.correspondence.ignoreReservation).toBe(true);
    expect(result.value.correspondence.notification).toMatchObject({ sendReminder: true, emailSubject: "S" });
    // Dictionary keys are data, not property names.
    expect(result.value.correspondence.propertyList).toEqual({ CaseKept: "yes" });
  });

  it("reads numbers given as JSON strings", () => {
    const result = parseInitializeCorrespondencesRequest(
      initializeBody({ content: content({ attachments: [{ fileName: "a.pdf", sendersReference: "r", expirationInDays: "7" }] }) }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.failures));
    expect(result.value.correspondence.content.attachments[0]?.expirationInDays).toBe(7);
  });

  it("reads enums by name in any case or by integer, and writes names", () => {
    const result = parseInitializeCorrespondencesRequest(
      initializeBody({
        externalReferences: [
          { referenceType: 3, referenceValue: "3fa85f64-5717-4562-b3fc-2c963f66afa6" },
          { referenceType: "generic", referenceValue: "g" },
          { referenceType: "1", referenceValue: "app" },
        ],
        notification: { notificationChannel: 4, emailContentType: "html", reminderNotificationChannel: "smspreferred" },
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.failures));
    expect(result.value.correspondence.externalReferences.map(({ referenceType }) => referenceType)).toEqual([
      "DialogportenDialogId",
      "Generic",
      "AltinnAppInstance",
    ]);
    expect(result.value.correspondence.notification).toMatchObject({
      notificationChannel: "EmailAndSms",
      emailContentType: "Html",
      reminderNotificationChannel: "SmsPreferred",
    });
  });

  it("ignores unknown properties", () => {
    const result = parseInitializeCorrespondencesRequest({ ...initializeBody(), somethingNew: { deeply: [1, 2] } });
    expect(result.ok).toBe(true);
  });

  it("answers an unknown enum member as a conversion failure at its JSON path", () => {
    const errors = validationErrorsOf(
      parseInitializeCorrespondencesRequest(initializeBody({ externalReferences: [{ referenceType: "Unknown", referenceValue: "x" }] })),
    );
    expect(errors).toEqual({
      "$.correspondence.externalReferences[0].referenceType": [
        "The JSON value could not be converted to Altinn.Correspondence.API.Models.Enums.ReferenceTypeExt. Path: $.correspondence.externalReferences[0].referenceType.",
      ],
      request: ["The request field is required."],
    });
  });

  it("answers a value of the wrong JSON type as a conversion failure, and only the first", () => {
    const errors = validationErrorsOf(
      parseInitializeCorrespondencesRequest(initializeBody({ resourceId: 5, isConfidential: "yes" })),
    );
    expect(errors).toEqual({
      "$.correspondence.resourceId": ["The JSON value could not be converted to System.String. Path: $.correspondence.resourceId."],
      request: ["The request field is required."],
    });
  });

  it("treats null for a non-nullable bool as unconvertible", () => {
    const errors = validationErrorsOf(parseInitializeCorrespondencesRequest(initializeBody({ isConfirmationNeeded: null })));
    expect(Object.keys(errors)).toEqual(["$.correspondence.isConfirmationNeeded", "request"]);
  });

  it("answers unparsable GUIDs and dates as conversion failures", () => {
    expect(Object.keys(validationErrorsOf(parseInitializeCorrespondencesRequest(initializeBody({}, { existingAttachments: ["nope"] })))))
      .toEqual(["$.existingAttachments[0]", "request"]);
    expect(Object.keys(validationErrorsOf(parseInitializeCorrespondencesRequest(initializeBody({ dueDateTime: "2030-02-30T10:00:00Z" })))))
      .toEqual(["$.correspondence.dueDateTime", "request"]);
  });

  it("answers JSON syntax errors (comments, trailing commas) and empty bodies with 400 STD-00000", () => {
    const valid = JSON.stringify(initializeBody());
    expect(parseInitializeCorrespondencesJson(valid).ok).toBe(true);
    for (const text of [`${valid.slice(0, -1)},}`, `// comment\n${valid}`, "{", "{'a': 1}"]) {
      const errors = validationErrorsOf(parseInitializeCorrespondencesJson(text));
      expect(Object.keys(errors)).toEqual(["$", "request"]);
    }
    expect(validationErrorsOf(parseInitializeCorrespondencesJson(""))).toEqual({ "": ["A non-empty request body is required."] });
    expect(validationErrorsOf(parseInitializeCorrespondencesJson("null"))).toEqual({ request: ["The request field is required."] });
    expect(Object.keys(validationErrorsOf(parseInitializeCorrespondencesJson("[]")))).toEqual(["$", "request"]);
  });
});

describe("initialize: the response shape", () => {
  it("accepts the contract's example and writes notifications as null", () => {
    const example = {
      correspondences: [
        {
          correspondenceId: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
          status: "ReadyForPublish",
          recipient: "urn:altinn:organization:identifier-no:991825827",
          notifications: null,
        },
      ],
      attachmentIds: [],
    };
    expect(initializeCorrespondencesResponseSchema.parse(example)).toEqual(example);
    expect(initializeCorrespondencesResponseSchema.safeParse({ ...example, correspondences: [{ ...example.correspondences[0], status: 1 }] }).success).toBe(false);
  });
});
