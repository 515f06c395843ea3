// Types of compiled-build.mjs (plain JavaScript, so that cli/betascape.js needs no loader), for the tests.
export declare const SOURCE_DIRS: string[];
export declare function sourceFiles(root: URL): string[];
export declare function currentBuild(root: URL): URL | undefined;
