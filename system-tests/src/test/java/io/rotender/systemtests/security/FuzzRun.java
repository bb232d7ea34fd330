package io.rotender.systemtests.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Sends the hostile requests and judges every answer: never a 5xx, never a stack trace or an HTML error
 * page, never a success for a request that would change something, and every refusal with a body is JSON
 * (problem+json, or PORTOS's own error shape on its paths). Counts answers by status.
 */
final class FuzzRun {

    private static final Pattern LEAK = Pattern.compile("(\\tat [a-z]|\\bat [a-z]+\\.[a-z]+\\.[A-Za-z.$]+\\(|[A-Za-z]+Exception:"
            + "|\\.java:\\d+\\)|<html|<!DOCTYPE|<body)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "DELETE", "PATCH");
    /** Answers the HTTP layer gives before any endpoint runs, which may come without a body. */
    private static final Set<Integer> BARE_ALLOWED = Set.of(400, 405, 413, 414, 431);

    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final Map<String, Integer> byKind = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int sent;
    private int notSendable;
    private final java.util.concurrent.atomic.AtomicInteger resent = new java.util.concurrent.atomic.AtomicInteger();

    List<String> run(Http http, List<Http.Call> calls) {
        List<CompletableFuture<Http.Answer>> pending = new ArrayList<>();
        for (Http.Call call : calls) {
            pending.add(http.sendAsync(call));
            if (pending.size() >= 256) {
                pending.forEach(f -> judge(retried(http, f.join())));
                pending.clear();
            }
        }
        pending.forEach(f -> judge(retried(http, f.join())));
        return failures;
    }

    /**
     * The answer, or for a request that found its pooled connection already closed by the server (after an
     * earlier refusal that closed it) the answer to the same request sent again on a new connection.
     */
    private Http.Answer retried(Http http, Http.Answer a) {
        for (int attempt = 0; attempt < 3 && stale(a); attempt++) {
            resent.incrementAndGet();
            a = http.sendOnNewConnection(a.call());
        }
        return a;
    }

    private static boolean stale(Http.Answer a) {
        return a.status() == 0 && a.error() != null
                && (a.error().contains("received no bytes") || a.error().contains("Connection reset"))
                && (a.call().body() == null || a.call().body().length <= 64 * 1024);
    }

    void judgeRaw(List<RawHttp.Raw> raws) {
        for (RawHttp.Raw raw : raws) {
            judge(RawHttp.send(raw));
        }
    }

    private synchronized void judge(Http.Answer a) {
        if (a.error() != null && a.error().startsWith("not sendable")) {
            notSendable++;
            return;
        }
        sent++;
        byStatus.merge(a.status(), 1, Integer::sum);
        String kind = kind(a.call().label());
        byKind.merge(kind, 1, Integer::sum);
        String what = a.call().method() + " " + a.call().url().replaceAll("(key=)[^&]+", "$1***") + " " + a.call().label();
        if (a.status() >= 500) {
            fail(what + ": answered " + a.status() + " " + AccessMatrix.abbreviate(a.body()));
        }
        if (a.body() != null && LEAK.matcher(a.body()).find()) {
            fail(what + ": the answer looks like a stack trace or an HTML page: " + AccessMatrix.abbreviate(a.body()));
        }
        String method = a.call().method().equals("RAW") ? rawMethod(a.call().body()) : a.call().method();
        if (MUTATING.contains(method) && a.status() >= 200 && a.status() < 300) {
            fail(what + ": a hostile request was accepted with " + a.status() + " " + AccessMatrix.abbreviate(a.body()));
        }
        if (a.status() == 0 && !a.call().method().equals("RAW") && !a.call().label().contains("huge")) {
            // the server may cut a body it will not read; anything else must be answered
            boolean oversized = a.call().body() != null && a.call().body().length > 64 * 1024;
            if (!oversized) {
                fail(what + ": no answer (" + a.error() + ")");
            }
        }
        if (a.status() >= 400 && a.status() < 500 && a.body() != null && !a.body().isEmpty() && !a.call().method().equals("HEAD")) {
            boolean json = a.contentType() != null && (a.contentType().startsWith("application/problem+json")
                    || (a.call().url().contains("/portos/") && a.contentType().startsWith("application/json")));
            if (!json) {
                fail(what + ": a " + a.status() + " answered as " + a.contentType() + ", not problem+json: " + AccessMatrix.abbreviate(a.body()));
            }
        } else if (a.status() >= 400 && a.status() < 500 && (a.body() == null || a.body().isEmpty())
                && !BARE_ALLOWED.contains(a.status()) && !a.call().method().equals("HEAD")) {
            fail(what + ": a " + a.status() + " without a problem body");
        }
    }

    /** "service METHOD /path [kind: detail]" to "kind"; raw requests are "raw". */
    private static String kind(String label) {
        if (label.startsWith("raw")) {
            return "raw";
        }
        int open = label.indexOf(" [");
        String rest = open < 0 ? label : label.substring(open + 2);
        int end = rest.length();
        for (char c : new char[]{':', ']'}) {
            int at = rest.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return rest.substring(0, end).replaceAll(" [A-Za-z]+Id$| hook$", "");
    }

    private static String rawMethod(byte[] request) {
        String text = new String(request, 0, Math.min(request.length, 16), java.nio.charset.StandardCharsets.ISO_8859_1);
        int space = text.indexOf(' ');
        return space > 0 ? text.substring(0, space) : "";
    }

    private void fail(String failure) {
        if (failures.size() < 200) {
            failures.add(failure);
        } else if (failures.size() == 200) {
            failures.add("... more failures left out");
        }
    }

    int sent() {
        return sent;
    }

    int notSendable() {
        return notSendable;
    }

    /** Requests sent again on a new connection because their pooled connection had been closed by the server. */
    int resent() {
        return resent.get();
    }

    Map<Integer, Integer> byStatus() {
        return byStatus;
    }

    Map<String, Integer> byKind() {
        return byKind;
    }
}
