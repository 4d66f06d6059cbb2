import CalicoModel

/// Names in flow logs come from files recsim did not write. A record whose namespace, network-set or service
/// name is not a valid Kubernetes name cannot come from a real cluster, and rules built from it would carry
/// the name into a selector; the engine ignores such records (counted per distinct key in
/// `FlowWindow.ignoredInvalidNameKeys`) instead.
extension FlowWindow {
    /// Nil when every name of `key` that can reach a rule is valid; else the first problem.
    static func invalidName(in key: L3FlowKey) -> String? {
        for ns in [key.sourceNamespace, key.destNamespace, key.destServiceNamespace] where !EngineFlow.undefined(ns) {
            if let problem = KubernetesName.problem(ns, as: .dns1123Label) { return problem }
        }
        if !EngineFlow.undefined(key.destServiceName),
            let problem = KubernetesName.problem(key.destServiceName, as: .dns1123Label)
        {
            return problem
        }
        for (type, name) in [(key.sourceType, key.sourceNameAggr), (key.destType, key.destNameAggr)]
        where type == .ns && !EngineFlow.undefined(name) {
            if let problem = KubernetesName.problem(name, as: .dns1123Subdomain) { return problem }
        }
        return nil
    }
}
