package io.rotender.platform.deadletters;

import io.rotender.platform.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service's dead-letter topics, for operators: what they hold, and a replay of chosen messages to the topic they
 * came from (by offset range or event id; a dry run shows what would be sent). Admin credential required (the
 * {@code /admin/} paths).
 */
@Path("/admin/dead-letters")
@Tag(name = "Operations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DeadLettersResource {

    /** At most this many messages are read per partition, or replayed by one call. */
    static final int MAX = 1000;

    private final DeadLetterTopics topics;
    private final DeadLetterLog log;
    private final DeadLetterReplay replay;

    public DeadLettersResource(DeadLetterTopics topics, DeadLetterLog log, DeadLetterReplay replay) {
        this.topics = topics;
        this.log = log;
        this.replay = replay;
    }

    @GET
    @Operation(summary = "What this service's dead-letter topics hold",
            description = "The newest `limit` messages of each partition (or of `topic` only), with event id, type, key, the consumer "
                    + "that gave each up and why, and where it came from. Only the messages this service's consumers gave up, unless "
                    + "`all=true` (a dead-letter topic is shared by every service consuming its topic).")
    public Map<String, Object> list(@QueryParam("topic") String topic, @QueryParam("consumer") String consumer,
                                    @QueryParam("all") @DefaultValue("false") boolean all,
                                    @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(MAX) int limit) {
        List<String> names = topic == null ? List.copyOf(topics.all().keySet()) : List.of(known(topic));
        List<DeadLetter> letters = new ArrayList<>();
        for (String name : names) {
            for (DeadLetter letter : log.read(new DeadLetterLog.Selection(name, null, null, null, limit))) {
                if ((all || letter.thisService()) && (consumer == null || consumer.equals(letter.consumer()))) {
                    letters.add(letter);
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("topics", topics.all());
        answer.put("count", letters.size());
        answer.put("deadLetters", letters);
        return answer;
    }

    /**
     * What to replay: messages of one dead-letter topic, by an offset range of a partition or by event id (both: the
     * ids within the range).
     */
    public record ReplayRequest(@NotNull String topic, Integer partition, Long fromOffset, Long toOffset, List<String> eventIds,
                                Boolean dryRun) {
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay dead letters to the topic they came from",
            description = "With their key, value and headers, plus `replayed-from: <topic>/<partition>/<offset>`. Consumers that applied a "
                    + "message before skip it by its event id. Messages another service's consumer gave up are not replayed here. "
                    + "`dryRun: true` answers what would be replayed and sends nothing.")
    public Map<String, Object> replay(@NotNull @Valid ReplayRequest request) throws Exception {
        String topic = known(request.topic());
        boolean byRange = request.fromOffset() != null || request.toOffset() != null;
        List<String> ids = request.eventIds() == null ? List.of() : request.eventIds();
        if (!byRange && ids.isEmpty()) {
            throw ProblemException.invalidField("eventIds", "name the messages to replay: eventIds, or fromOffset and toOffset");
        }
        if (ids.size() > MAX) {
            throw ProblemException.invalidField("eventIds", "at most " + MAX + " per call");
        }
        if (byRange) {
            if (request.fromOffset() == null || request.toOffset() == null) {
                throw ProblemException.invalidField(request.fromOffset() == null ? "fromOffset" : "toOffset", "required with the other end of the range");
            }
            if (request.fromOffset() < 0 || request.toOffset() < request.fromOffset() || request.toOffset() - request.fromOffset() >= MAX) {
                throw ProblemException.invalidField("toOffset", "a range of 1 to " + MAX + " offsets from fromOffset (0 or more)");
            }
            if (request.partition() == null) {
                throw ProblemException.invalidField("partition", "required with an offset range");
            }
        }
        List<DeadLetter> selected = log.read(new DeadLetterLog.Selection(topic, request.partition(), request.fromOffset(),
                request.toOffset(), MAX)).stream().filter(l -> ids.isEmpty() || ids.contains(l.eventId())).toList();
        List<DeadLetter> chosen = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        for (DeadLetter letter : selected) {
            String why = refusal(letter, topic);
            if (why == null) {
                chosen.add(letter);
            } else {
                skipped.add(Map.of("deadLetter", letter.position(), "eventId", String.valueOf(letter.eventId()), "reason", why));
            }
        }
        boolean dryRun = Boolean.TRUE.equals(request.dryRun());
        List<Map<String, Object>> replayed = new ArrayList<>();
        if (dryRun) {
            chosen.forEach(letter -> replayed.add(summary(letter, null)));
        } else {
            replay.replay(chosen).forEach(r -> replayed.add(summary(r.deadLetter(), r.to() + "/" + r.partition() + "/" + r.offset())));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dryRun", dryRun);
        answer.put("replayed", replayed);
        answer.put("skipped", skipped);
        return answer;
    }

    /** Why a selected letter is not replayed by this service, or null. */
    private String refusal(DeadLetter letter, String topic) {
        if (letter.originalTopic() == null) {
            return "no dead-letter-topic header: not written by a dead-letter queue";
        }
        if (!letter.originalTopic().equals(topics.originalOf(topic).orElse(null))) {
            return "came from " + letter.originalTopic() + ", which this service does not consume";
        }
        if (letter.consumer() != null && !letter.thisService()) {
            return "given up by " + letter.consumer() + ", a consumer of another service: replay it there";
        }
        return null;
    }

    private static Map<String, Object> summary(DeadLetter letter, String to) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("deadLetter", letter.position());
        summary.put("eventId", letter.eventId());
        summary.put("type", letter.type());
        summary.put("key", letter.key());
        summary.put("consumer", letter.consumer());
        summary.put("to", to == null ? letter.originalTopic() : to);
        return summary;
    }

    private String known(String topic) {
        if (topics.originalOf(topic).isEmpty()) {
            throw ProblemException.notFound("Dead-letter topic " + topic + " of this service (it has " + topics.all().keySet() + ")");
        }
        return topic;
    }
}
