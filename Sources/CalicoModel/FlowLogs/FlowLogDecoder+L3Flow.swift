/// Linseed's aggregated `L3Flow` (SPEC §5.3), the form the engine's query returns: one per line, or a page of
/// Linseed's flow list (`{"total_hits":…,"items":[L3Flow, …]}`) on one line. An L3Flow is an aggregate over the
/// query's window and carries no time of its own, so the reader is told the window (`l3FlowWindow`); each becomes
/// one flow-log record with the key's fields, its policies as hit strings, its labels (first value of each key)
/// and its `log_stats` counts.
extension FlowLogDecoder {
    /// The records of one L3Flow line, or of every item of a Linseed list page.
    mutating func decodeL3FlowLine(
        _ b: UnsafeBufferPointer<UInt8>, file: String, lineNumber: Int, list: Bool
    ) throws(FlowLogParseError) -> [Result<FlowLog, FlowLogParseError>] {
        func fail(_ field: String, _ message: String) -> FlowLogParseError {
            FlowLogParseError(file: file, line: lineNumber, field: field, message: message)
        }
        let value: JSONValue
        do { value = try JSONBytes.parse(b) } catch { throw fail("", "not valid JSON") }
        guard let window = l3FlowWindow else {
            throw fail(
                "",
                "an L3Flow carries no time (Linseed aggregates it over its query window): give the window the export covers with --l3flow-window START/END (RFC 3339)"
            )
        }
        guard list else {
            do throws(FlowLogParseError) {
                return [.success(try Self.l3Flow(value, window: window, fail: fail, path: ""))]
            } catch {
                return [.failure(error)]
            }
        }
        guard case .object(let page) = value, case .array(let items)? = page["items"] else {
            throw fail("items", "expected a Linseed flow list with an `items` list on one line")
        }
        return items.enumerated().map { i, item in
            do throws(FlowLogParseError) {
                return .success(try Self.l3Flow(item, window: window, fail: fail, path: "items[\(i)]."))
            } catch { return .failure(error) }
        }
    }

    static func l3Flow(
        _ value: JSONValue, window: (start: Int64, end: Int64), fail: (String, String) -> FlowLogParseError,
        path: String
    ) throws(FlowLogParseError) -> FlowLog {
        guard case .object(let flow) = value, case .object(let key)? = flow["key"] else {
            throw fail(path + "key", "expected an L3Flow with a `key` object")
        }
        func string(_ o: [String: JSONValue], _ k: String, _ at: String) throws(FlowLogParseError) -> String {
            guard case .string(let s)? = o[k] else { throw fail(path + at + k, "expected a string") }
            return s
        }
        func optionalString(_ o: [String: JSONValue], _ k: String) -> String? {
            if case .string(let s)? = o[k] { return s }
            return nil
        }
        func int(_ o: [String: JSONValue]?, _ k: String) -> Int64? {
            switch o?[k] {
            case .int(let v)?: return v
            case .double(let v)?: return Int64(exactly: v.rounded())
            default: return nil
            }
        }
        func endpoint(
            _ name: String
        ) throws(FlowLogParseError) -> (
            type: EndpointType, name: String, aggr: String, namespace: String, port: Int64?
        ) {
            guard case .object(let e)? = key[name] else { throw fail(path + "key.\(name)", "expected an object") }
            let typeText = try string(e, "type", "key.\(name).")
            guard let type = EndpointType(rawValue: typeText) else {
                throw fail(path + "key.\(name).type", "expected wep, hep, ns or net, got \"\(typeText)\"")
            }
            let n = optionalString(e, "name").flatMap { $0.isEmpty ? nil : $0 } ?? "-"
            let ns = optionalString(e, "namespace").flatMap { $0.isEmpty ? nil : $0 } ?? "-"
            let port = int(e, "port").flatMap { $0 == 0 ? nil : $0 }
            return (type, n, try string(e, "aggregated_name", "key.\(name)."), ns, port)
        }
        let actionText = try string(key, "action", "key.")
        let action: FlowAction
        switch actionText {
        case "allow": action = .allow
        case "deny", "eot-deny": action = .deny
        default: throw fail(path + "key.action", "expected allow, deny or eot-deny, got \"\(actionText)\"")
        }
        let reporterText = try string(key, "reporter", "key.")
        guard let reporter = Reporter(rawValue: reporterText) else {
            throw fail(path + "key.reporter", "expected src or dst, got \"\(reporterText)\"")
        }
        let source = try endpoint("source"), destination = try endpoint("destination")
        var log = FlowLog(
            startTime: window.start, endTime: window.end, sourceName: source.name, sourceNameAggr: source.aggr,
            sourceNamespace: source.namespace, sourceType: source.type, destName: destination.name,
            destNameAggr: destination.aggr, destNamespace: destination.namespace, destType: destination.type,
            destPort: destination.port, proto: try string(key, "protocol", "key."), action: action, reporter: reporter,
            policies: FlowPolicies(
                enforced: try hits(flow["enforced_policies"] ?? flow["policies"], path + "enforced_policies", fail),
                pending: try hits(flow["pending_policies"], path + "pending_policies", fail)))
        if case .object(let svc)? = flow["dest_service"] {
            log.destServiceNamespace = optionalString(svc, "namespace") ?? "-"
            log.destServiceName = optionalString(svc, "name") ?? "-"
            log.destServicePort = optionalString(svc, "port_name").flatMap { $0.isEmpty ? nil : $0 } ?? "-"
            log.destServicePortNum = int(svc, "port")
        }
        if case .array(let domains)? = flow["dest_domains"] {
            let list = domains.compactMap { d -> String? in if case .string(let s) = d { return s } else { return nil }
            }
            if !list.isEmpty { log.destDomains = list }
        }
        log.sourceLabels = labels(flow["source_labels"])
        log.destLabels = labels(flow["destination_labels"])
        var stats: [String: JSONValue]?
        if case .object(let s)? = flow["log_stats"] { stats = s }
        log.numFlows = int(stats, "count") ?? 0
        log.numFlowsStarted = int(stats, "started") ?? 0
        log.numFlowsCompleted = int(stats, "completed") ?? 0
        if case .object(let t)? = flow["connection_stats"] {
            log.bytesIn = int(t, "bytes_in") ?? 0; log.bytesOut = int(t, "bytes_out") ?? 0
            log.packetsIn = int(t, "packets_in") ?? 0; log.packetsOut = int(t, "packets_out") ?? 0
        }
        return log
    }

    /// `[{tier, namespace, name, action, is_staged, is_kubernetes, is_profile, rule_id}]` as hit strings.
    static func hits(
        _ value: JSONValue?, _ at: String, _ fail: (String, String) -> FlowLogParseError
    ) throws(FlowLogParseError) -> [String] {
        guard case .array(let list)? = value else { return [] }
        var out: [String] = []
        for (i, item) in list.enumerated() {
            guard case .object(let p) = item else { throw fail("\(at)[\(i)]", "expected a policy object") }
            func s(_ k: String) -> String { if case .string(let v)? = p[k] { return v } else { return "" } }
            func flag(_ k: String) -> Bool { if case .bool(let v)? = p[k] { return v } else { return false } }
            guard let action = HitAction(rawValue: s("action")) else {
                throw fail("\(at)[\(i)].action", "expected allow, deny, pass or eot-deny, got \"\(s("action"))\"")
            }
            let ns = s("namespace").isEmpty ? nil : s("namespace")
            let kind: HitKind
            if flag("is_profile") {
                kind = .profile
            } else if flag("is_staged") {
                kind =
                    flag("is_kubernetes")
                    ? .stagedKubernetesNetworkPolicy : ns == nil ? .stagedGlobalNetworkPolicy : .stagedNetworkPolicy
            } else if flag("is_kubernetes") {
                kind = .kubernetesNetworkPolicy
            } else {
                kind = ns == nil ? .globalNetworkPolicy : .networkPolicy
            }
            var rule: Int?
            switch p["rule_id"] {
            case .int(let r)?: rule = Int(r)
            default: rule = nil
            }
            let tier = flag("is_profile") ? PolicyHit.profileTier : s("tier")
            out.append(
                PolicyHit(
                    index: i, tier: tier, kind: kind, namespace: ns, name: s("name"), action: action, ruleIndex: rule
                )
                .formatted())
        }
        return out
    }

    /// `[{key, values: [{value, count}]}]` (or `values: ["v"]`) as `key=value` strings, the first value of each key.
    static func labels(_ value: JSONValue?) -> [String]? {
        guard case .array(let list)? = value else { return nil }
        var out: [String] = []
        for item in list {
            guard case .object(let l) = item, case .string(let k)? = l["key"], case .array(let values)? = l["values"],
                let first = values.first
            else { continue }
            switch first {
            case .string(let v): out.append("\(k)=\(v)")
            case .object(let o): if case .string(let v)? = o["value"] { out.append("\(k)=\(v)") }
            default: continue
            }
        }
        return out.isEmpty ? nil : out.sorted()
    }
}
