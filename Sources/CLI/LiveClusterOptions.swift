import ArgumentParser
import Verify

/// How `verify` and `record` reach live clusters: kubectl, its kubeconfig and a timeout per request.
struct LiveClusterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("kubeconfig for live clusters (default: kubectl's own: $KUBECONFIG or ~/.kube/config).", valueName: "FILE"))
    var kubeconfig: String?

    @Option(help: ArgumentHelp("The kubectl to run (default: $TKGQA_KUBECTL, then kubectl on PATH).", valueName: "PATH"))
    var kubectl: String?

    @Option(name: .customLong("request-timeout"), help: ArgumentHelp("Timeout of one API request (kubectl --request-timeout).", valueName: "DURATION"))
    var requestTimeout: String = "10s"

    func validate() throws {
        guard let d = SpecDuration(parsing: requestTimeout), d.seconds > 0 else {
            throw ValidationError("--request-timeout \"\(requestTimeout)\": write a duration such as 10s or 1m")
        }
    }

    var options: Verifier.LiveOptions {
        Verifier.LiveOptions(kubeconfig: kubeconfig, kubectl: kubectl,
                             requestTimeout: .seconds(SpecDuration(parsing: requestTimeout)?.seconds ?? 10))
    }
}
