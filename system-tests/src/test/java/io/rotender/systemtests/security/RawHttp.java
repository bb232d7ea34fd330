package io.rotender.systemtests.security;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests no well-behaved HTTP client would send, written byte by byte on a socket: broken request lines,
 * bad and conflicting lengths, smuggling attempts, illegal bytes in the path and headers. The answer's
 * status line and body are read back for the same checks as every other hostile request.
 */
final class RawHttp {

    record Raw(String label, String host, int port, byte[] request) {
    }

    static List<Raw> build(List<String> bases, String adminToken, String partnerKey) {
        List<Raw> out = new ArrayList<>();
        for (String base : bases) {
            URI uri = URI.create(base);
            String h = uri.getHost();
            int p = uri.getPort();
            String auth = "Authorization: Bearer " + partnerKey + "\r\n";
            String admin = "Authorization: Bearer " + adminToken + "\r\n";
            List<String> requests = List.of(
                    "GARBAGE\r\n\r\n",
                    "GET / HTTP/1.1\r\n\r\n",
                    "GET /venues/demo-bar HTTP/9.9\r\nHost: x\r\n\r\n",
                    "GET /venues/demo-bar\r\n\r\n",
                    "GET /" + "a".repeat(12_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET /venues/demo-bar HTTP/1.1\r\nHost: x\r\nNoColonHeader\r\n\r\n",
                    "GET /venues/demo-bar HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n",
                    "PUT /admin/venues/demo-bar HTTP/1.1\r\nHost: x\r\n" + admin + "Content-Type: application/json\r\nContent-Length: -1\r\n\r\n{}",
                    "PUT /admin/venues/demo-bar HTTP/1.1\r\nHost: x\r\n" + admin + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}",
                    "PUT /admin/venues/demo-bar HTTP/1.1\r\nHost: x\r\n" + admin + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}",
                    "PUT /admin/venues/demo-bar HTTP/1.1\r\nHost: x\r\n" + admin + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                    "PUT /admin/venues/demo-bar HTTP/1.1\r\nHost: x\r\n" + admin + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin/venues/demo-bar HTTP/1.1\r\nHost: x\r\n\r\n",
                    "PUT /admin/venues/demo-bar HTTP/1.1\r\nHost: x\r\n" + admin + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "ffffffffffffffff\r\n{}\r\n0\r\n\r\n",
                    "POST /venues/demo-bar/orders HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "10000\r\n" + "{".repeat(100) + "\r\n0\r\n\r\n",
                    "GET /venues/demo-bar HTTP/1.1\nHost: x\n" + auth.replace("\r\n", "\n") + "\n",
                    "GET /venues/demo-bar HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n" + auth + "\r\n",
                    "GET /venues/d\u00e9mo HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                    "GET /venues/{demo} HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                    "GET /venues/demo-bar/%u0041 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                    "GET /venues/demo-bar/drinks/% HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                    "GET /admin/venues/demo-bar/../../venues/demo-bar HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                    "GET http://evil.example/admin/venues/demo-bar HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                    "GET * HTTP/1.1\r\nHost: x\r\n\r\n",
                    "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n",
                    "GET /venues/demo-bar HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\nAuthorization: Bearer b\r\n\r\n",
                    "GET /venues/demo-bar HTTP/1.1\r\nHost: x\r\n Folded: header\r\n" + auth + "\r\n",
                    "GET /venues/demo-bar HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n" + auth + "\r\n",
                    "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                    "GET /venues/demo-bar HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n" + auth + "\r\n",
                    "POST /venues/demo-bar/orders HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 999999999\r\n\r\n");
            for (String request : requests) {
                out.add(new Raw(request.lines().findFirst().orElse("").replaceAll("\\s+", " ").substring(0,
                        Math.min(60, request.lines().findFirst().orElse("").length())), h, p, request.getBytes(StandardCharsets.ISO_8859_1)));
            }
            byte[] binary = new byte[512];
            new java.util.Random(7).nextBytes(binary);
            out.add(new Raw("random bytes", h, p, binary));
        }
        return out;
    }

    /** Sends the bytes and answers the first response's status (0 when the server closed without one) and text. */
    static Http.Answer send(Raw raw) {
        Http.Call call = new Http.Call("raw: " + raw.label(), "RAW", "http://" + raw.host() + ":" + raw.port(), java.util.Map.of(), raw.request());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(raw.host(), raw.port()), 3000);
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(raw.request());
                out.flush();
                socket.shutdownOutput();
            } catch (java.io.IOException closedEarly) {
                // the server may refuse and close before reading everything: read what it answered
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0 && answer.size() < 1_000_000) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // a kept-alive connection or a reset after the answer: what arrived is enough
            }
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/")) {
                return new Http.Answer(call, 0, null, text, null);
            }
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyAt = text.indexOf("\r\n\r\n");
            String headers = bodyAt < 0 ? text : text.substring(0, bodyAt);
            String type = headers.lines().filter(l -> l.toLowerCase().startsWith("content-type:")).map(l -> l.substring(13).strip())
                    .findFirst().orElse("");
            return new Http.Answer(call, status, type, bodyAt < 0 ? "" : text.substring(bodyAt + 4), null);
        } catch (Exception e) {
            return new Http.Answer(call, 0, null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
