// What each service's configuration says it reads and writes on Kafka, as ACL entries
// ("<resource type> <name> literal <operation>"): its incoming channels' topics (Read, Describe) and consumer
// groups (Read), its outbox topics (rotender.outbox.topics) and its dead-letter topics (Write, Describe). The
// dead-letter admin of the chassis reads the dead-letter topics (Read) and replays to the topic a dead letter came
// from: an incoming topic with a dead-letter queue is also written (Write).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function properties(service) {
  const props = {};
  for (const raw of readFileSync(join(root, service, "src/main/resources/application.properties"), "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith("%") || !line.includes("=")) continue;
    const at = line.indexOf("=");
    props[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return props;
}

export function kafkaAccess(service) {
  const props = properties(service);
  const acl = new Set();
  for (const [key, value] of Object.entries(props)) {
    if (/^mp\.messaging\.incoming\.[^.]+\.topic$/.test(key)) {
      acl.add(`topic ${value} literal Read`).add(`topic ${value} literal Describe`);
      if (props[key.replace(/\.topic$/, ".dead-letter-queue.topic")]) {
        acl.add(`topic ${value} literal Write`);
      }
    } else if (/^mp\.messaging\.incoming\.[^.]+\.group\.id$/.test(key)) {
      acl.add(`group ${value} literal Read`);
    } else if (/\.dead-letter-queue\.topic$/.test(key)) {
      acl.add(`topic ${value} literal Write`).add(`topic ${value} literal Describe`).add(`topic ${value} literal Read`);
    }
  }
  for (const topic of (props["rotender.outbox.topics"] ?? "").split(",").map((t) => t.trim()).filter(Boolean)) {
    acl.add(`topic ${topic} literal Write`).add(`topic ${topic} literal Describe`);
  }
  return acl;
}
