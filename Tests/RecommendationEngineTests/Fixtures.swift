import CalicoModel
import Simulation

@testable import RecommendationEngine

/// A namespace `shop` with one flow of every rule scope, both directions; flushed at `end`.
func everyScopeFlows(end: SimInstant) -> [FlowLog] {
    let ns = "shop"
    return [
        // egress, deliberately out of block order
        // Same L3 key as the domain flow on 443 would merge into it (domains are not part of the key).
        egress(ns, to: .net, name: "pub", port: 8443, end: end),
        egress(ns, to: .net, name: "pvt", port: 5432, end: end),
        egress(ns, to: .ns, name: "partners", namespace: "shop", port: 8443, end: end),
        egress(ns, to: .ns, name: "dns-servers", port: 53, proto: "udp", end: end),
        egress(ns, to: .wep, name: "redis-*", namespace: "cache", port: 6379, end: end),
        egress(ns, to: .wep, name: "cart-*", namespace: "shop", port: 8080, end: end),
        egress(ns, to: .net, name: "pub", port: 443, service: "payments", end: end),
        egress(
            ns, to: .net, name: "pub", port: 443,
            domains: ["www.tigera.io", "api.example.com", "kube-dns.kube-system.svc.cluster.local"], end: end),
        egress(ns, to: .net, name: "pub", port: 80, domains: ["archive.example.org"], end: end),
        // ingress
        ingress(ns, from: .net, name: "pub", port: 443, end: end),
        ingress(ns, from: .net, name: "pvt", port: 8080, end: end),
        ingress(ns, from: .ns, name: "monitoring", namespace: "ops", port: 9090, end: end),
        ingress(ns, from: .wep, name: "frontend-*", namespace: "web", port: 8080, end: end),
    ]
}
