import { loadYaml } from "../config/load-yaml.ts";
import { Directory } from "./directory.ts";
import { orgSchema } from "./schema.ts";

export async function loadDirectory(file: string): Promise<Directory> {
  return new Directory(await loadYaml(file, orgSchema));
}
