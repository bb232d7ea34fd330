package io.rotender.menu.webhooks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointAddressTest {

    private final EndpointAddress production = new EndpointAddress(false, List.of());

    @Test
    void onlyHttpsUrlsWithAHostAndNoCredentialsAreTaken() throws Exception {
        assertThat(production.parse("https://hooks.partner.example/rotender?x=1").getHost()).isEqualTo("hooks.partner.example");
        for (String url : List.of("http://hooks.partner.example/", "ftp://hooks.partner.example/", "https:///path", "https://u:p@host.example/",
                "https://host.example/#frag", "javascript:alert(1)", "not a url", "file:///etc/passwd")) {
            assertThatThrownBy(() -> production.parse(url)).as(url).isInstanceOf(EndpointAddress.Refused.class);
        }
        assertThat(new EndpointAddress(true, List.of()).parse("http://hooks.partner.example/").getScheme()).isEqualTo("http");
    }

    @Test
    void addressesThatReachInsideAreRefusedUnlessTheirNetworkIsAllowed() throws Exception {
        for (String url : List.of("https://127.0.0.1/", "https://10.1.2.3/", "https://172.16.5.4/", "https://192.168.1.1/",
                "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/", "https://0.0.0.0/", "https://[::1]/",
                "https://[fd00::1]/", "https://[fe80::1]/", "https://[::ffff:10.0.0.1]/", "https://224.0.0.1/", "https://localhost/")) {
            assertThatThrownBy(() -> production.resolve(url)).as(url).isInstanceOf(EndpointAddress.Refused.class)
                    .hasMessageContaining("not public");
        }
        EndpointAddress.Target allowed = new EndpointAddress(false, List.of("10.42.0.0/16")).resolve("https://10.42.7.9:8443/hooks?a=b");
        assertThat(allowed.address().getHostAddress()).isEqualTo("10.42.7.9");
        assertThat(allowed.port()).isEqualTo(8443);
        assertThat(allowed.pathAndQuery()).isEqualTo("/hooks?a=b");
        assertThatThrownBy(() -> new EndpointAddress(false, List.of("10.42.0.0/16")).resolve("https://10.43.0.1/"))
                .isInstanceOf(EndpointAddress.Refused.class);
        assertThat(EndpointAddress.isPublic(java.net.InetAddress.getByName("93.184.215.14"))).isTrue();
        assertThat(EndpointAddress.isPublic(java.net.InetAddress.getByName("2606:2800:21f:cb07::1"))).isTrue();
    }

    @Test
    void aNameThatDoesNotResolveIsRefused() {
        assertThatThrownBy(() -> production.resolve("https://no-such-host.invalid/")).isInstanceOf(EndpointAddress.Refused.class)
                .hasMessageContaining("does not resolve");
    }

    @Test
    void aMalformedAllowedNetworkStopsStartUp() {
        assertThatThrownBy(() -> new EndpointAddress(false, List.of("10.0.0.0/99"))).isInstanceOf(IllegalArgumentException.class);
    }
}
