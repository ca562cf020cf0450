/**
 * Managed-identity credentials for identity-based connections. One credential per client id, so clients that use the
 * same identity share its token cache.
 */
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";

export class AzureCredentials {
  private readonly byClientId = new Map<string, TokenCredential>();

  /** `clientId` picks a user-assigned identity; without it the system-assigned one (or a developer login) is used. */
  forClientId(clientId: string | undefined): TokenCredential {
    const key = clientId ?? "";
    let credential = this.byClientId.get(key);
    if (!credential) {
      credential = clientId
        ? new DefaultAzureCredential({ managedIdentityClientId: clientId })
        : new DefaultAzureCredential();
      this.byClientId.set(key, credential);
    }
    return credential;
  }
}
