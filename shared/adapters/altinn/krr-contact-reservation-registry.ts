/**
 * KRR (kontakt- og reservasjonsregisteret): `POST {base}/rest/v2/personer` with up to 1000 national identity
 * numbers; `reservasjon: "JA"` means reserved. Never cached: a reservation must take effect at once, and a failure
 * must surface as ContactReservationUnavailable (→ 500/1032) rather than as a remembered "not reserved".
 */
import { z } from "zod";
import {
  ContactReservationUnavailable,
  type ContactReservationRegistry,
} from "../../domain/ports/contact-reservation.js";
import type { BearerToken, HttpClient } from "./http/http-client.js";

const maximumPerRequest = 1000;

const responseSchema = z.object({
  personer: z.array(z.object({ personidentifikator: z.string(), reservasjon: z.string().nullish() })),
});

export interface KrrContactReservationRegistryOptions {
  http: HttpClient;
  baseUrl: string;
  bearer: BearerToken;
}

export class KrrContactReservationRegistry implements ContactReservationRegistry {
  constructor(private readonly options: KrrContactReservationRegistryOptions) {}

  async reservedAmong(nationalIds: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(nationalIds)];
    const reserved = new Set<string>();
    try {
      for (let start = 0; start < unique.length; start += maximumPerRequest) {
        const response = await this.options.http.send({
          method: "POST",
          url: `${this.options.baseUrl}/rest/v2/personer`,
          json: { personidentifikatorer: unique.slice(start, start + maximumPerRequest) },
          bearer: this.options.bearer,
        });
        for (const person of responseSchema.parse(response.body).personer) {
          if (person.reservasjon?.toUpperCase() === "JA") reserved.add(person.personidentifikator);
        }
      }
    } catch (error) {
      throw new ContactReservationUnavailable(error);
    }
    return reserved;
  }
}
