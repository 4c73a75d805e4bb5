// Parent side of the load clients (bench/load-client.ts).
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import type { LoadJob, LoadResult } from "./load-client.ts";

export class LoadClients {
  private constructor(private readonly child: ChildProcess) {}

  static start(): LoadClients {
    const child = fork(path.join(import.meta.dirname, "load-client.ts"), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new LoadClients(child);
  }

  run(job: LoadJob): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      this.child.once("message", (m: LoadResult | { error: string }) =>
        "error" in m ? reject(new Error(m.error)) : resolve(m),
      );
      this.child.send(job);
    });
  }

  stop(): void {
    this.child.kill();
  }
}
