/**
 * Which credential an agent CLI uses, in words a user reads (pure, browser-safe): Kanbots' key
 * when it holds one for the CLI's provider, else the CLI's own login. Never the key itself.
 */

export type AgentCliCredential = 'kanbots-api-key' | 'cli-login';

export function describeCredential(hasApiKey: boolean): { credential: AgentCliCredential; credentialDescription: string } {
  return hasApiKey
    ? { credential: 'kanbots-api-key', credentialDescription: "Kanbots' API key" }
    : { credential: 'cli-login', credentialDescription: "the CLI's own login" };
}
