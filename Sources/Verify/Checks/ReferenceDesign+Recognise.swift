import ClusterState

extension ReferenceDesign {
    /// Whether a component runs on a cluster, with the evidence.
    public enum Presence: Sendable, Hashable {
        /// Found; the evidence (`pods of avi-system/ako`, `PackageInstall tkg-system/contour`).
        case present(String)
        /// Every recogniser could be read and none found it; what was looked for.
        case missing(String)
        /// Not found, and some recogniser could not be read; why.
        case unknown(String)

        public var isPresent: Bool { if case .present = self { return true }; return false }
    }

    /// Looks for components on one cluster, listing each (kind, namespace) once.
    public struct Finder {
        public let source: any ClusterSource
        private var cache: [String: Result<ObjectList, Unavailable>] = [:]

        public init(source: any ClusterSource) { self.source = source }

        /// The objects of a kind (in a namespace, or all), listed once per finder.
        public mutating func list(_ kind: ResourceKind, _ namespace: String?) async -> Result<ObjectList, Unavailable> {
            let key = "\(kind)|\(namespace ?? "*")"
            if let cached = cache[key] { return cached }
            let result = await source.list(kind, namespace: namespace)
            cache[key] = result
            return result
        }

        /// Whether `component` runs: present when any recogniser finds it, missing when all could look.
        public mutating func find(_ component: Component) async -> Presence {
            var unknown: [String] = []
            var lookedFor: [String] = []
            func partial(_ list: ObjectList) -> String? { list.coveredNamespaces.map { "recorded only in \($0.joined(separator: ", "))" } }

            for ref in component.workloads {
                lookedFor.append("pods of \(ref)")
                switch await list(.pod, ref.namespace) {
                case .failure(let u): unknown.append(u.description)
                case .success(let l):
                    let pods = l.objects.filter { ref.matches(WorkloadRef.owning($0)) }
                    if !pods.isEmpty {
                        let kind = WorkloadRef.owning(pods[0]).kind.map { "\($0.rawValue) " } ?? ""
                        return .present("\(kind)\(ref) (\(pods.count) pod\(pods.count == 1 ? "" : "s"))")
                    }
                    if let p = partial(l) { unknown.append("pods \(p)") }
                }
            }
            if !component.packages.isEmpty {
                lookedFor.append("PackageInstall of " + component.packages.joined(separator: " or "))
                switch await list(.packageInstall, nil) {
                case .failure(let u): unknown.append(u.description)
                case .success(let l):
                    let found = l.objects.filter { component.packages.contains($0["spec", "packageRef", "refName"]?.string ?? "") }
                    if let first = found.min(by: { $0.reference < $1.reference }) {
                        return .present("PackageInstall \(first.namespace)/\(first.name) (\(first["spec", "packageRef", "refName"]?.string ?? ""))")
                    }
                    if let p = partial(l) { unknown.append("PackageInstalls \(p)") }
                }
            }
            for ns in component.namespaces {
                lookedFor.append("pods in \(ns)")
                switch await list(.pod, ns) {
                case .failure(let u): unknown.append(u.description)
                case .success(let l):
                    let pods = l.objects.filter { $0.namespace == ns }
                    if !pods.isEmpty { return .present("\(pods.count) pod\(pods.count == 1 ? "" : "s") in \(ns)") }
                }
            }
            for cm in component.configMaps {
                lookedFor.append("ConfigMap \(cm.namespace)/\(cm.name)")
                switch await list(.configMap, cm.namespace) {
                case .failure(let u): unknown.append(u.description)
                case .success(let l):
                    if l.objects.contains(where: { $0.namespace == cm.namespace && $0.name == cm.name }) {
                        return .present("ConfigMap \(cm.namespace)/\(cm.name)")
                    }
                }
            }
            if !unknown.isEmpty { return .unknown(unknown.joined(separator: "; ")) }
            return .missing("no " + lookedFor.joined(separator: ", no "))
        }
    }
}
