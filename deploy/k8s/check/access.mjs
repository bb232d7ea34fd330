// What each service's configuration says it reads and writes on Kafka, as ACL entries
// ("<resource type> <name> literal <operation>"): its incoming channels' topics (Read, Describe; a channel's `topic` or
// each of its `topics`, whose dead letters go to <topic>.dlq) and consumer
// groups (Read), its outbox topics (rotender.outbox.topics) and its dead-letter topics (Write, Describe). The
// dead-letter admin of the chassis reads the dead-letter topics (Read) and replays to the topic a dead letter came
// from: an incoming topic with a dead-letter queue is also written (Write).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function properties(service) {
  const props = {};
  // a line ending in a backslash goes on on the next (java.util.Properties), leading blanks of the next dropped
  const text = readFileSync(join(root, service, "src/main/resources/application.properties"), "utf8").replace(/\\\n[ \t]*/g, "");
  for (const raw of text.split("\n")) {
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
    } else if (/^mp\.messaging\.incoming\.[^.]+\.topics$/.test(key)) {
      // a channel of several topics (the chassis' ChannelRouter): each topic's dead letters go to <topic>.dlq
      const deadLetters = props[key.replace(/\.topics$/, ".failure-strategy")] === "dead-letter-queue";
      for (const topic of value.split(",").map((t) => t.trim()).filter(Boolean)) {
        acl.add(`topic ${topic} literal Read`).add(`topic ${topic} literal Describe`);
        if (deadLetters) {
          acl.add(`topic ${topic} literal Write`);
          acl.add(`topic ${topic}.dlq literal Write`).add(`topic ${topic}.dlq literal Describe`).add(`topic ${topic}.dlq literal Read`);
        }
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
