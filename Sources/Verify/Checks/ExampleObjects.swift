/// Small YAML object builders shared by check examples (kept tiny so each example stays readable).
enum ExampleObjects {
    static func node(_ name: String, controlPlane: Bool = false, ready: Bool = true, kubelet: String = "v1.26.5+vmware.2",
                     labels: [String: String] = [:], provider: String = "vsphere") -> String {
        var allLabels = labels
        allLabels["kubernetes.io/hostname"] = name
        if controlPlane { allLabels["node-role.kubernetes.io/control-plane"] = "" }
        let labelText = allLabels.keys.sorted().map { "    \($0): \"\(allLabels[$0]!)\"" }.joined(separator: "\n")
        return """
        apiVersion: v1
        kind: Node
        metadata:
          name: \(name)
          labels:
        \(labelText)
        spec:
          providerID: \(provider)://4231\(name.count)
        status:
          nodeInfo: { kubeletVersion: \(kubelet) }
          conditions:
          - { type: Ready, status: "\(ready ? "True" : "False")", reason: \(ready ? "KubeletReady" : "KubeletNotReady") }
        """
    }

    static func pod(_ name: String, namespace: String = "kube-system", owner: (kind: String, name: String)? = nil,
                    node: String = "node-1", phase: String = "Running", ready: Bool = true, restarts: Int = 0,
                    waiting: String? = nil) -> String {
        let ownerText = owner.map { "\n  ownerReferences:\n  - { apiVersion: apps/v1, kind: \($0.kind), name: \($0.name), controller: true }" } ?? ""
        let state = waiting.map { "{ waiting: { reason: \($0) } }" } ?? "{ running: { startedAt: \"2024-05-02T10:00:00Z\" } }"
        return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: \(name)
          namespace: \(namespace)\(ownerText)
        spec: { nodeName: \(node) }
        status:
          phase: \(phase)
          conditions:
          - { type: Ready, status: "\(ready ? "True" : "False")" }
          containerStatuses:
          - { name: main, restartCount: \(restarts), ready: \(ready), state: \(state) }
        """
    }

    static func configMap(_ name: String, namespace: String, data: [String: String]) -> String {
        let body = data.keys.sorted().map { key -> String in
            let lines = data[key]!.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
            return "  \(key): |-\n\(lines)"
        }.joined(separator: "\n")
        return """
        apiVersion: v1
        kind: ConfigMap
        metadata: { name: \(name), namespace: \(namespace) }
        data:
        \(body.isEmpty ? "  {}" : body)
        """
    }

    static func docs(_ parts: String...) -> String { parts.joined(separator: "\n---\n") }
}
