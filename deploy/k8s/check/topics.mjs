// Writes ../base/kafka/topics.yaml, one Strimzi KafkaTopic per line of deploy/topics.conf (the single list
// of topics, also used by the local run). check.mjs verifies the two agree.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const topicsConf = join(here, "..", "..", "topics.conf");

export function readTopics() {
  return readFileSync(topicsConf, "utf8").split("\n")
    .map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const [name, partitions, ...configs] = l.split(/\s+/);
      return { name, partitions: Number(partitions), config: Object.fromEntries(configs.map((c) => c.split("="))) };
    });
}

export function kafkaTopicName(topic) {
  return topic.replace(/\./g, "-");
}

function render() {
  const docs = readTopics().map((t) => [
    "apiVersion: kafka.strimzi.io/v1beta2",
    "kind: KafkaTopic",
    "metadata:",
    `  name: ${kafkaTopicName(t.name)}`,
    "  labels:",
    "    strimzi.io/cluster: rotender",
    "spec:",
    `  topicName: ${t.name}`,
    `  partitions: ${t.partitions}`,
    "  replicas: 1",
    "  config:",
    ...Object.entries(t.config).map(([k, v]) => `    ${k}: "${v}"`),
  ].join("\n"));
  return "# Generated from deploy/topics.conf by deploy/k8s/check/topics.mjs: edit that file, then run\n"
    + "# `npm run topics` in deploy/k8s/check.\n" + docs.join("\n---\n") + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(here, "..", "base", "kafka", "topics.yaml"), render());
  console.log("wrote base/kafka/topics.yaml");
}
