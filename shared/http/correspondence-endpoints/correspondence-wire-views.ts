/**
 * The domain's views of a correspondence mapped to the wire shapes of api.md §4.4–4.5 (CorrespondenceOverviewExt,
 * CorrespondenceDetailsExt). Attachments and notification orders arrive with later issues; until then both lists are
 * empty, which is what Altinn answers for a correspondence without them.
 */
import type { StatusEntry } from "../../domain/correspondence/status.js";
import type { CorrespondenceDetails } from "../../use-cases/get-correspondence-details/get-correspondence-details.js";
import type { CorrespondenceOverview } from "../../use-cases/get-correspondence-overview/get-correspondence-overview.js";
import type {
  CorrespondenceDetailsWire,
  CorrespondenceOverviewWire,
  CorrespondenceStatusEventWire,
} from "../wire/correspondence-responses.js";

type Shared = Omit<CorrespondenceOverviewWire, "notifications">;

function sharedMembers(view: CorrespondenceOverview | CorrespondenceDetails): Shared {
  const { correspondence, content, status } = view;
  return {
    correspondenceId: correspondence.id,
    recipient: correspondence.recipient,
    resourceId: correspondence.resourceId,
    sender: correspondence.sender,
    sendersReference: correspondence.sendersReference,
    messageSender: correspondence.messageSender,
    content: { ...content, attachments: [] },
    requestedPublishTime: correspondence.requestedPublishTime,
    dueDateTime: correspondence.dueDateTime,
    externalReferences: correspondence.externalReferences.map(({ referenceType, referenceValue }) => ({
      referenceType,
      referenceValue,
    })),
    propertyList: correspondence.propertyList,
    replyOptions: correspondence.replyOptions.map(({ linkURL, linkText }) => ({ linkURL, linkText })),
    notification: null,
    ignoreReservation: correspondence.ignoreReservation ?? false,
    isConfirmationNeeded: correspondence.isConfirmationNeeded,
    isConfidential: correspondence.isConfidential,
    allowForwarding: correspondence.allowForwarding,
    created: correspondence.created,
    status: status.status,
    statusText: status.statusText,
    statusChanged: status.statusChanged,
    altinn2CorrespondenceId: correspondence.altinn2CorrespondenceId,
    published: correspondence.published,
    read: view.firstRead,
  };
}

export function overviewWire(view: CorrespondenceOverview): CorrespondenceOverviewWire {
  return { ...sharedMembers(view), notifications: [] };
}

function statusEvent(entry: StatusEntry): CorrespondenceStatusEventWire {
  return { status: entry.status, statusText: entry.statusText, statusChanged: entry.statusChanged };
}

export function detailsWire(view: CorrespondenceDetails): CorrespondenceDetailsWire {
  return {
    ...sharedMembers(view),
    notifications: [],
    statusHistory: view.statusHistory.map(statusEvent),
    systemLabel: view.systemLabel,
  };
}
