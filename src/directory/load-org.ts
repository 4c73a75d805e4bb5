import { loadYaml } from "../config/load-yaml.ts";
import { Directory } from "./directory.ts";
import { resolveLocally } from "./resolve-org.ts";
import { type OrgSource, orgSchema } from "./schema.ts";

/** The org file as written, checked (people may still be given by email alone). */
export async function loadOrgSource(file: string): Promise<OrgSource> {
  return loadYaml(file, orgSchema);
}

/** Without Slack (local mode, tools, tests): people given by email alone get local ids. */
export async function loadDirectory(file: string): Promise<Directory> {
  return new Directory(resolveLocally(await loadOrgSource(file)));
}
