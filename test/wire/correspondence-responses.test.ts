/** The read endpoints' response shapes: every member written (nulls included), enums as names, member order fixed. */
import { describe, expect, it } from "vitest";
import {
  correspondenceDetailsSchema,
  correspondenceOverviewSchema,
  emptyCorrespondenceContent,
  serializeCorrespondenceId,
  serializeCorrespondenceIds,
  serializeDetails,
  serializeOverview,
  type CorrespondenceDetailsWire,
  type CorrespondenceOverviewWire,
} from "../../shared/http/wire/correspondence-responses.js";

const overview: CorrespondenceOverviewWire = {
  correspondenceId: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  recipient: "urn:altinn:organization:identifier-no:991825827",
  resourceId: "test-resource",
  sender: "urn:altinn:organization:identifier-no:991825827",
  sendersReference: "ref",
  messageSender: "",
  content: {
    language: "nb",
    messageTitle: "T",
    messageSummary: "",
    messageBody: "B",
    attachments: [
      {
        id: "3fa85f64-5717-4562-b3fc-2c963f66afa7",
        fileName: "a.pdf",
        displayName: null,
        isEncrypted: false,
        checksum: null,
        sendersReference: "att",
        expirationInDays: null,
        dataLocationType: "AltinnCorrespondenceAttachment",
        created: "2025-01-01T10:00:00.000Z",
        status: "Published",
        statusText: "Published",
        statusChanged: "2025-01-01T10:00:00+00:00",
        dataType: "application/pdf",
        expirationTime: null,
      },
    ],
  },
  requestedPublishTime: "2025-01-01T10:00:00.000Z",
  dueDateTime: null,
  externalReferences: [{ referenceType: "DialogportenDialogId", referenceValue: "0194a1b2-0000-7000-8000-000000000000" }],
  propertyList: { key: "value" },
  replyOptions: [{ linkURL: "https://example.com", linkText: null }],
  notification: null,
  ignoreReservation: false,
  isConfirmationNeeded: false,
  isConfidential: false,
  allowForwarding: false,
  created: "2025-01-01T09:00:00.000Z",
  status: "Published",
  statusText: "Published",
  statusChanged: "2025-01-01T10:00:00.000Z",
  notifications: [{ notificationOrderId: null, isReminder: false }],
  altinn2CorrespondenceId: null,
  published: "2025-01-01T10:00:00.000Z",
  read: null,
};

describe("overview", () => {
  it("writes every member, nulls included, in the contract's order", () => {
    const written = JSON.parse(serializeOverview({ ...overview }));
    expect(written).toEqual(overview);
    expect(Object.keys(written)).toEqual(Object.keys(correspondenceOverviewSchema.shape));
    expect(written.dueDateTime).toBeNull();
    expect(written.read).toBeNull();
  });

  it("drops members that are not part of the contract", () => {
    const withExtra = { ...overview, partitionKey: "internal", _etag: "x" } as CorrespondenceOverviewWire;
    expect(Object.keys(JSON.parse(serializeOverview(withExtra)))).not.toContain("_etag");
  });

  it("refuses a value that breaks the contract rather than write it", () => {
    expect(() => serializeOverview({ ...overview, status: 2 } as unknown as CorrespondenceOverviewWire)).toThrow();
    expect(() => serializeOverview({ ...overview, dueDateTime: undefined } as unknown as CorrespondenceOverviewWire)).toThrow();
    expect(() => serializeOverview({ ...overview, created: "1 Jan 2025" })).toThrow();
  });

  it("has the empty content a sender sees after publish", () => {
    expect(correspondenceOverviewSchema.shape.content.parse(emptyCorrespondenceContent)).toEqual({
      language: "no",
      messageTitle: "",
      messageSummary: "",
      messageBody: "",
      attachments: [],
    });
  });
});

describe("details", () => {
  it("adds statusHistory, full notifications and systemLabel", () => {
    const details: CorrespondenceDetailsWire = {
      ...overview,
      notifications: [
        {
          id: "shipment-1",
          sendersReference: "corr-ref",
          requestedSendTime: "2025-01-01T10:00:20.000Z",
          creator: "ttd",
          created: "2025-01-01T10:00:00.000Z",
          isReminder: false,
          notificationChannel: "Email",
          ignoreReservation: null,
          resourceId: "test-resource",
          processingStatus: { status: "Order_Completed", description: null, lastUpdate: "2025-01-01T10:05:00.000Z" },
          notificationStatusDetails: {
            email: {
              id: "e1",
              succeeded: true,
              recipient: { emailAddress: "a@b.no", mobileNumber: null, organizationNumber: null, nationalIdentityNumber: null, isReserved: null },
              sendStatus: { status: "Email_Delivered", description: null, lastUpdate: "2025-01-01T10:05:00.000Z" },
            },
            sms: null,
            emails: [],
            smses: [],
          },
        },
      ],
      statusHistory: [
        { status: "Initialized", statusText: "Initialized", statusChanged: "2025-01-01T09:00:00.000Z" },
        { status: "Fetched", statusText: "Fetched", statusChanged: "2025-01-01T11:00:00.000Z" },
      ],
      systemLabel: "Default",
    };
    const written = JSON.parse(serializeDetails(details));
    expect(written).toEqual(details);
    expect(Object.keys(written)).toEqual(Object.keys(correspondenceDetailsSchema.shape));
    expect(() => serializeDetails({ ...details, systemLabel: "Trash" as "Bin" })).toThrow();
  });
});

describe("ids", () => {
  it("writes the search response and the JSON-string id", () => {
    expect(serializeCorrespondenceIds({ ids: ["a", "b"] })).toBe('{"ids":["a","b"]}');
    expect(serializeCorrespondenceId("3fa85f64-5717-4562-b3fc-2c963f66afa6")).toBe('"3fa85f64-5717-4562-b3fc-2c963f66afa6"');
    expect(() => serializeCorrespondenceId("not-an-id")).toThrow();
  });
});
