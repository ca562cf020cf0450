/**
 * Altinn Events: `POST events/api/v1/events` with one CloudEvent as `application/cloudevents+json`, and the event id
 * as `Idempotency-Key` so a retried publish is recognised as the same event.
 */
import type { AltinnCloudEvent, AltinnEvents } from "../../domain/ports/altinn-events.js";
import type { BearerToken, HttpClient } from "./http/http-client.js";

export interface AltinnEventsClientOptions {
  http: HttpClient;
  platformBaseUrl: string;
  bearer: BearerToken;
}

export class AltinnEventsClient implements AltinnEvents {
  constructor(private readonly options: AltinnEventsClientOptions) {}

  async publish(event: AltinnCloudEvent): Promise<void> {
    await this.options.http.send({
      method: "POST",
      url: `${this.options.platformBaseUrl}/events/api/v1/events`,
      json: event,
      contentType: "application/cloudevents+json",
      headers: { "idempotency-key": event.id },
      bearer: this.options.bearer,
    });
  }
}
