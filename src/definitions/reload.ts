// What `/approval admin reload` reads again, as start-up does: the org file (people by email
// resolved anew) and the process definitions, checked against that org. The new org takes
// effect only once the definitions pass: a mistake in either changes nothing.
import type { Directory } from "../directory/directory.ts";
import type { OrgFile } from "../directory/schema.ts";
import type { ProcessDef } from "./schema.ts";

export interface ReloadSources {
  loadOrg: () => Promise<OrgFile>;
  loadDefinitions: (org: OrgFile) => Promise<ProcessDef[]>;
  /** The running bot's directory, replaced in place. */
  directory: Directory;
}

/** For the catalog's `load` option: the definitions to publish, the org already swapped in. */
export function reloader({ loadOrg, loadDefinitions, directory }: ReloadSources) {
  return async (): Promise<ProcessDef[]> => {
    const org = await loadOrg();
    const defs = await loadDefinitions(org);
    directory.replace(org);
    return defs;
  };
}
