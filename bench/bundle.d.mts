/** Bundles `entry` (TypeScript, JSX) into one ESM file for Node at `outfile` (see bundle.mjs). */
export declare function bundleForNode(entry: string, outfile: string): Promise<void>
