// Types for bin/builtCli.mjs (plain JavaScript so bin/invigil.mjs needs no compiler to choose what to run).
export declare const PACKAGE_ROOT: string
export declare const BUILT_CLI_DIR: string
export declare const BUILT_CLI: string
export declare const BUILT_CLI_INPUTS: string
export declare function builtCliIsFresh(): boolean
