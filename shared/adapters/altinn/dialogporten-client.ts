/**
 * Dialogporten's service-owner API (`{dialogporten}/api/v1/serviceowner/dialogs`), with the answers that mean "already
 * done" turned into success, so every call can be repeated: a create whose id exists (422 "already exists"), an
 * activity or transmission posted twice (same), a delete of a deleted dialog (410), a purge of a purged one (404).
 */
import type {
  ChangeOptions,
  CreateDialogRequest,
  DeleteDialogResult,
  Dialog,
  DialogActivity,
  Dialogporten,
  DialogTransmission,
  FetchedDialog,
  JsonPatchOperation,
  PatchDialogResult,
} from "../../domain/ports/dialogporten.js";
import { z } from "zod";
import { UpstreamHttpError, type BearerToken, type HttpClient, type HttpResponse } from "./http/http-client.js";

/**
 * What the adapter relies on in a dialog read back: identity, revision and the lists (present, possibly empty).
 * The entries and every other member are Dialogporten's and pass through as received.
 */
const dialogSchema = z.looseObject({
  id: z.string(),
  revision: z.string(),
  serviceResource: z.string(),
  party: z.string(),
  status: z.string(),
  guiActions: z.array(z.looseObject({})).default([]),
  apiActions: z.array(z.looseObject({})).default([]),
  attachments: z.array(z.looseObject({})).default([]),
  activities: z.array(z.looseObject({})).default([]),
  transmissions: z.array(z.looseObject({})).default([]),
});

export interface DialogportenClientOptions {
  http: HttpClient;
  /** e.g. `https://platform.tt02.altinn.no/dialogporten`. */
  dialogportenBaseUrl: string;
  bearer: BearerToken;
}

export class DialogportenClient implements Dialogporten {
  private readonly dialogsUrl: string;

  constructor(private readonly options: DialogportenClientOptions) {
    this.dialogsUrl = `${options.dialogportenBaseUrl}/api/v1/serviceowner/dialogs`;
  }

  async createDialog(request: CreateDialogRequest): Promise<string> {
    const response = await this.send("POST", this.dialogsUrl, { json: request, acceptStatuses: [422] });
    if (response.status === 422) {
      if (isAlreadyExists(response)) return request.id;
      throw new UpstreamHttpError("POST", this.dialogsUrl, 422, response.text);
    }
    return typeof response.body === "string" ? response.body : request.id;
  }

  async getDialog(dialogId: string): Promise<FetchedDialog | undefined> {
    const response = await this.send("GET", this.dialogUrl(dialogId), { acceptStatuses: [404] });
    if (response.status === 404) return undefined;
    // Checked for the members above; the entries are Dialogporten's own shapes, which the port's types describe.
    const dialog = dialogSchema.parse(response.body) as unknown as Dialog;
    return { dialog, etag: unquoted(response.headers.get("etag")) ?? dialog.revision };
  }

  async patchDialog(
    dialogId: string,
    operations: readonly JsonPatchOperation[],
    options: ChangeOptions,
  ): Promise<PatchDialogResult> {
    const response = await this.send("PATCH", this.dialogUrl(dialogId), {
      json: operations,
      contentType: "application/json-patch+json",
      query: silentQuery(options.silent),
      headers: options.ifMatch === undefined ? {} : { "if-match": options.ifMatch },
      acceptStatuses: [404, 410, 412],
    });
    if (response.status === 412) return { kind: "conflict" };
    if (response.status === 404 || response.status === 410) return { kind: "gone" };
    const etag = unquoted(response.headers.get("etag"));
    return etag === undefined ? { kind: "patched" } : { kind: "patched", etag };
  }

  async deleteDialog(dialogId: string): Promise<DeleteDialogResult> {
    const response = await this.send("DELETE", this.dialogUrl(dialogId), { acceptStatuses: [404, 410] });
    return response.status === 404 ? { kind: "notFound" } : { kind: "deleted" };
  }

  async purgeDialog(dialogId: string): Promise<void> {
    await this.send("POST", `${this.dialogUrl(dialogId)}/actions/purge`, { acceptStatuses: [404] });
  }

  async createActivity(dialogId: string, activity: DialogActivity, options: { silent?: boolean } = {}): Promise<string> {
    return this.createSubEntity(`${this.dialogUrl(dialogId)}/activities`, activity, options.silent ?? true);
  }

  async createTransmission(dialogId: string, transmission: DialogTransmission): Promise<string> {
    return this.createSubEntity(`${this.dialogUrl(dialogId)}/transmissions`, transmission, false);
  }

  private async createSubEntity(url: string, entity: { id: string }, silent: boolean): Promise<string> {
    const response = await this.send("POST", url, { json: entity, query: silentQuery(silent), acceptStatuses: [422] });
    if (response.status === 422) {
      if (isAlreadyExists(response)) return entity.id;
      throw new UpstreamHttpError("POST", url, 422, response.text);
    }
    return typeof response.body === "string" ? response.body : entity.id;
  }

  private dialogUrl(dialogId: string): string {
    return `${this.dialogsUrl}/${encodeURIComponent(dialogId)}`;
  }

  private send(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    extra: {
      json?: unknown;
      contentType?: string;
      query?: Record<string, string>;
      headers?: Record<string, string>;
      acceptStatuses?: number[];
    },
  ): Promise<HttpResponse> {
    return this.options.http.send({ method, url, bearer: this.options.bearer, ...extra });
  }
}

/** Dialogporten's 422 for a duplicate id; the real Correspondence matches the same words. */
function isAlreadyExists(response: HttpResponse): boolean {
  return /already exists/i.test(response.text);
}

function silentQuery(silent: boolean): Record<string, string> {
  return silent ? { isSilentUpdate: "true" } : {};
}

function unquoted(etag: string | null): string | undefined {
  return etag === null ? undefined : etag.replace(/^W\//, "").replace(/^"|"$/g, "");
}
