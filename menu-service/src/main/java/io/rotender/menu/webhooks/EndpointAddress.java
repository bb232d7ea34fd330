package io.rotender.menu.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may go. A URL is refused unless it is {@code https} (or {@code http} where allowed), has a host, no
 * user info and no fragment; every address its host resolves to must be public (not loopback, private, link-local,
 * carrier-grade NAT, multicast, unspecified, reserved or documentation ranges, IPv4-mapped or not) unless it lies in
 * an allowed network. The check is made when an endpoint is set and again before every delivery, and the delivery
 * connects to the very address checked (a DNS answer that changes in between cannot redirect it).
 */
public final class EndpointAddress {

    /** A URL that is refused, and why (said to the admin as is). */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A checked endpoint: its URL's parts and the address to connect to. */
    public record Target(URI uri, boolean https, String host, int port, String pathAndQuery, InetAddress address) {
    }

    private record Network(byte[] base, int bits) {
        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != base.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != base[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            return rest == 0 || ((a[full] ^ base[full]) & (0xFF << (8 - rest)) & 0xFF) == 0;
        }
    }

    private static final List<Network> NOT_PUBLIC = List.of(
            cidr("0.0.0.0/8"), cidr("10.0.0.0/8"), cidr("100.64.0.0/10"), cidr("127.0.0.0/8"), cidr("169.254.0.0/16"),
            cidr("172.16.0.0/12"), cidr("192.0.0.0/24"), cidr("192.0.2.0/24"), cidr("192.168.0.0/16"), cidr("198.18.0.0/15"),
            cidr("198.51.100.0/24"), cidr("203.0.113.0/24"), cidr("224.0.0.0/4"), cidr("240.0.0.0/4"),
            cidr("::/128"), cidr("::1/128"), cidr("64:ff9b::/96"), cidr("100::/64"), cidr("2001:db8::/32"), cidr("fc00::/7"),
            cidr("fe80::/10"), cidr("ff00::/8"));

    private final boolean allowHttp;
    private final List<Network> allowed;

    public EndpointAddress(boolean allowHttp, List<String> allowedNetworks) {
        this.allowHttp = allowHttp;
        this.allowed = allowedNetworks.stream().map(String::strip).filter(s -> !s.isEmpty()).map(EndpointAddress::cidr).toList();
    }

    /** The URL's form alone (no DNS): what an admin is told at once. */
    public URI parse(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowHttp)) {
            throw new Refused(allowHttp ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new Refused("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not have a fragment");
        }
        if (url.length() > 2000) {
            throw new Refused("must be at most 2000 characters");
        }
        return uri;
    }

    /** Parses, resolves the host (blocking: call it off the event loop) and checks every address. */
    public Target resolve(String url) throws Refused {
        URI uri = parse(url);
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("host " + host + " does not resolve");
        }
        List<String> refused = new ArrayList<>();
        for (InetAddress address : addresses) {
            if (!isPublic(address) && allowed.stream().noneMatch(n -> n.contains(address))) {
                refused.add(address.getHostAddress());
            }
        }
        if (!refused.isEmpty()) {
            throw new Refused("host " + host + " resolves to an address that is not public: " + String.join(", ", refused));
        }
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Target(uri, https, host, port, path, addresses[0]);
    }

    static boolean isPublic(InetAddress address) {
        InetAddress plain = address;
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    plain = InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        InetAddress checked = plain;
        return !(checked.isAnyLocalAddress() || checked.isLoopbackAddress() || checked.isLinkLocalAddress()
                || checked.isSiteLocalAddress() || checked.isMulticastAddress())
                && NOT_PUBLIC.stream().noneMatch(n -> n.contains(checked));
    }

    private static Network cidr(String text) {
        int slash = text.indexOf('/');
        try {
            InetAddress base = InetAddress.getByName(slash < 0 ? text : text.substring(0, slash));
            int bits = slash < 0 ? base.getAddress().length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > base.getAddress().length * 8 || !(base instanceof Inet4Address || base instanceof Inet6Address)) {
                throw new IllegalArgumentException("not a network: " + text);
            }
            return new Network(base.getAddress(), bits);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("rotender.webhooks.allowed-networks: not a network (CIDR): " + text);
        }
    }
}
