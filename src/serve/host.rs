//! Which `Host` headers the preview answers: its own, nobody else's.
//!
//! A web page the staff member visits can point a name it controls at
//! 127.0.0.1 (DNS rebinding) and then read the preview as its own site. The
//! browser still sends that name as the `Host`, so answering only `localhost`
//! and literal addresses of this machine (which no one can rebind) stops it.

use std::net::IpAddr;

/// Whether `host` (a `Host` header's value) names this preview, listening on
/// `port` and reached through the local address `local` of the connection.
///
/// Answered: `localhost`, a loopback address (`127.0.0.1`, `[::1]`) or the
/// address the request came in on, each with the port. Browsers leave the
/// port out only when it is the scheme's default, 80.
pub fn is_ours(host: &str, port: u16, local: IpAddr) -> bool {
    let Some((name, given_port)) = split_port(host) else {
        return false;
    };
    let port_ok = match given_port {
        None => port == 80,
        Some(digits) => {
            digits.len() <= 5
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits.parse::<u16>() == Ok(port)
        }
    };
    port_ok && (name.eq_ignore_ascii_case("localhost") || is_this_machine(name, local))
}

/// `name:port` → (`name`, `Some("port")`); `[v6]:port` → (`v6`, ...).
fn split_port(host: &str) -> Option<(&str, Option<&str>)> {
    if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        // Only IPv6 goes in brackets; checked by the caller's parse.
        return inside.contains(':').then_some((inside, port));
    }
    match host.split_once(':') {
        Some((name, port)) => Some((name, Some(port))),
        None => Some((host, None)),
    }
}

/// A literal address that is loopback or the one the request arrived on.
fn is_this_machine(name: &str, local: IpAddr) -> bool {
    let Ok(ip) = name.parse::<IpAddr>() else {
        return false;
    };
    // `::ffff:127.0.0.1` is 127.0.0.1: a dual-stack socket reports v4 so.
    let (ip, local) = (ip.to_canonical(), local.to_canonical());
    ip.is_loopback() || ip == local
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOPBACK: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    fn ours(host: &str) -> bool {
        is_ours(host, 1111, LOOPBACK)
    }

    #[test]
    fn this_machine_by_name_or_loopback_address_with_the_port() {
        for host in [
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "127.0.0.2:1111",
            "[::ffff:127.0.0.1]:1111",
        ] {
            assert!(ours(host), "{host}");
        }
    }

    #[test]
    fn other_names_ports_and_spellings_are_not() {
        for host in [
            "evil.example:1111",
            "evil.localhost:1111",
            "localhost.:1111",
            "localhost.evil.example:1111",
            "user@localhost:1111",
            "127.0.0.1.nip.io:1111",
            "0x7f000001:1111",
            "2130706433:1111",
            "0177.0.0.1:1111",
            "localhost:1112",
            "localhost:01111x",
            "localhost:+1111",
            "localhost:001111",
            "localhost:",
            "localhost",
            "127.0.0.1",
            "[::1]",
            "[::1]x:1111",
            "[127.0.0.1]:1111",
            "::1:1111",
            "[::1:1111",
            "localhost:1111:1111",
            ":1111",
            "",
            "192.168.1.5:1111",
        ] {
            assert!(!ours(host), "{host}");
        }
    }

    #[test]
    fn the_address_a_request_came_in_on_counts() {
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        assert!(is_ours("192.168.1.5:1111", 1111, lan));
        assert!(!is_ours("192.168.1.6:1111", 1111, lan));
        assert!(is_ours("localhost:1111", 1111, lan));
        let mapped: IpAddr = "::ffff:192.168.1.5".parse().unwrap();
        assert!(is_ours("192.168.1.5:1111", 1111, mapped));
    }

    #[test]
    fn port_80_may_be_left_out() {
        assert!(is_ours("localhost", 80, LOOPBACK));
        assert!(is_ours("[::1]", 80, LOOPBACK));
        assert!(is_ours("localhost:80", 80, LOOPBACK));
        assert!(!is_ours("localhost", 8080, LOOPBACK));
    }
}
