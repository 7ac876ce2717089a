// Recognising platform infrastructure — telemetry pipelines and tracing backends, feature-flag
// services, registries and config servers, gateways, sidecars — by name, image and port, so
// the graph can give them their own kinds and analyses can leave them out. The rules are
// listed in docs/infrastructure.md; kinds a service already has are never overridden.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/call_graph.hpp"

namespace nanoscope::model {

/// Why a service counts as infrastructure.
struct InfrastructureMatch {
  ServiceKind kind = ServiceKind::Service;
  std::string reason;  ///< e.g. "name jaeger", "image otel/opentelemetry-collector-contrib", "port 4317 (OTLP)"
};

/// The infrastructure kind a service with this name and these deployment facts has, tried in
/// order: its name, then its images (all non-sidecar images must agree), then its ports.
/// nullopt when nothing says it is infrastructure.
[[nodiscard]] std::optional<InfrastructureMatch> recognise_infrastructure(std::string_view name,
                                                                          const DeploymentFacts& facts);

/// One service relabelled by apply_infrastructure_kinds.
struct RecognisedService {
  std::string name;
  InfrastructureMatch match;
};

/// Gives every plain Service-kind service that recognise_infrastructure matches its kind,
/// except those `kind_is_explicit` says the input named the kind of (a saved graph).
/// Returns what was relabelled, sorted by name.
std::vector<RecognisedService> apply_infrastructure_kinds(CallGraph& graph,
                                                          const std::function<bool(ServiceId)>& kind_is_explicit);

/// One line for a diagnostic: "recognised 2 infrastructure services: flagd (feature-flags:
/// name flagd), jaeger (telemetry: image jaegertracing/all-in-one:1.5)".
[[nodiscard]] std::string describe_recognised(const std::vector<RecognisedService>& recognised);

}  // namespace nanoscope::model
