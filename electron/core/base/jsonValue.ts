/** A value that survives canonical JSON, IPC and a signed bundle unchanged: what events and error details carry. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
