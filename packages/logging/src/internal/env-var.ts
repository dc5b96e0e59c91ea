/** An environment variable, or undefined outside Node (read through `globalThis` so a browser bundle loads). */
export function envVar(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
}
