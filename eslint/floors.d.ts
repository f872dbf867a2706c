/** Types for floors.js, so tests can read the table the lint rule enforces. */
export declare const CORE_FLOORS: readonly (readonly string[])[]
export declare function coreFloorZones(root?: string): { target: string; from: string[]; message: string }[]
export declare const OUTER_ZONES: readonly { target: string; from: string[]; message: string }[]
