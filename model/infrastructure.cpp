// The recognition rules for infrastructure services (names, images, well-known ports) and
// their application to a finished graph. docs/infrastructure.md lists the same rules.
#include "model/infrastructure.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace nanoscope::model {
namespace {

/// How a rule's word must appear in a name or image.
enum class Match {
  Token,     ///< one of the words between separators ("jaeger" in "jaeger-query")
  Squashed,  ///< anywhere once separators are removed ("featureflag" in "feature-flag-service")
  Whole,     ///< the whole name once separators are removed ("apigateway" for "api-gateway")
};

struct Rule {
  ServiceKind kind;
  Match match;
  std::string_view word;
};

// First match wins: sidecars before gateways (envoy-sidecar), specific before general.
constexpr std::array kRules{
    Rule{ServiceKind::Sidecar, Match::Squashed, "istioproxy"},
    Rule{ServiceKind::Sidecar, Match::Squashed, "linkerdproxy"},
    Rule{ServiceKind::Sidecar, Match::Squashed, "linkerd2proxy"},
    Rule{ServiceKind::Sidecar, Match::Squashed, "envoysidecar"},
    Rule{ServiceKind::Sidecar, Match::Token, "daprd"},
    Rule{ServiceKind::Sidecar, Match::Token, "sidecar"},
    Rule{ServiceKind::FeatureFlags, Match::Token, "flagd"},
    Rule{ServiceKind::FeatureFlags, Match::Token, "unleash"},
    Rule{ServiceKind::FeatureFlags, Match::Token, "launchdarkly"},
    Rule{ServiceKind::FeatureFlags, Match::Squashed, "ldrelay"},
    Rule{ServiceKind::FeatureFlags, Match::Token, "flipt"},
    Rule{ServiceKind::FeatureFlags, Match::Token, "flagsmith"},
    Rule{ServiceKind::FeatureFlags, Match::Token, "growthbook"},
    Rule{ServiceKind::FeatureFlags, Match::Squashed, "featureflag"},
    Rule{ServiceKind::Telemetry, Match::Squashed, "otelcollector"},
    Rule{ServiceKind::Telemetry, Match::Squashed, "opentelemetrycollector"},
    Rule{ServiceKind::Telemetry, Match::Token, "otelcol"},
    Rule{ServiceKind::Telemetry, Match::Token, "jaeger"},
    Rule{ServiceKind::Telemetry, Match::Token, "jaegertracing"},
    Rule{ServiceKind::Telemetry, Match::Token, "zipkin"},
    Rule{ServiceKind::Telemetry, Match::Token, "openzipkin"},
    Rule{ServiceKind::Telemetry, Match::Token, "tempo"},
    Rule{ServiceKind::Telemetry, Match::Token, "prometheus"},
    Rule{ServiceKind::Telemetry, Match::Token, "alertmanager"},
    Rule{ServiceKind::Telemetry, Match::Token, "grafana"},
    Rule{ServiceKind::Telemetry, Match::Token, "loki"},
    Rule{ServiceKind::Telemetry, Match::Token, "promtail"},
    Rule{ServiceKind::Telemetry, Match::Token, "fluentd"},
    Rule{ServiceKind::Telemetry, Match::Squashed, "fluentbit"},
    Rule{ServiceKind::Telemetry, Match::Token, "logstash"},
    Rule{ServiceKind::Telemetry, Match::Token, "kibana"},
    Rule{ServiceKind::Telemetry, Match::Squashed, "apmserver"},
    Rule{ServiceKind::Telemetry, Match::Squashed, "datadogagent"},
    Rule{ServiceKind::Telemetry, Match::Squashed, "nodeexporter"},
    Rule{ServiceKind::Telemetry, Match::Token, "thanos"},
    Rule{ServiceKind::Telemetry, Match::Token, "mimir"},
    Rule{ServiceKind::Telemetry, Match::Token, "signoz"},
    Rule{ServiceKind::Telemetry, Match::Token, "victoriametrics"},
    Rule{ServiceKind::Registry, Match::Token, "eureka"},
    Rule{ServiceKind::Registry, Match::Token, "consul"},
    Rule{ServiceKind::Registry, Match::Token, "zookeeper"},
    Rule{ServiceKind::Registry, Match::Token, "nacos"},
    Rule{ServiceKind::Registry, Match::Token, "registry"},
    Rule{ServiceKind::Registry, Match::Token, "discovery"},
    Rule{ServiceKind::Registry, Match::Squashed, "configserver"},
    Rule{ServiceKind::Gateway, Match::Squashed, "frontendproxy"},
    Rule{ServiceKind::Gateway, Match::Squashed, "edgeproxy"},
    Rule{ServiceKind::Gateway, Match::Squashed, "apigateway"},
    Rule{ServiceKind::Gateway, Match::Squashed, "ingressgateway"},
    Rule{ServiceKind::Gateway, Match::Squashed, "egressgateway"},
    Rule{ServiceKind::Gateway, Match::Whole, "gateway"},
    Rule{ServiceKind::Gateway, Match::Whole, "apigw"},
    Rule{ServiceKind::Gateway, Match::Token, "ingress"},
    Rule{ServiceKind::Gateway, Match::Token, "envoy"},
    Rule{ServiceKind::Gateway, Match::Token, "envoyproxy"},
    Rule{ServiceKind::Gateway, Match::Token, "nginx"},
    Rule{ServiceKind::Gateway, Match::Token, "traefik"},
    Rule{ServiceKind::Gateway, Match::Token, "kong"},
    Rule{ServiceKind::Gateway, Match::Token, "haproxy"},
    Rule{ServiceKind::Gateway, Match::Token, "zuul"},
    Rule{ServiceKind::Gateway, Match::Token, "apisix"},
    Rule{ServiceKind::Gateway, Match::Token, "krakend"},
};

struct PortRule {
  int port;
  ServiceKind kind;
  std::string_view convention;
};

// Ports that only these products use by convention (not 80, 8080 or 9090).
constexpr std::array kPorts{
    PortRule{4317, ServiceKind::Telemetry, "OTLP gRPC"},
    PortRule{4318, ServiceKind::Telemetry, "OTLP HTTP"},
    PortRule{6831, ServiceKind::Telemetry, "jaeger agent"},
    PortRule{14250, ServiceKind::Telemetry, "jaeger gRPC"},
    PortRule{14268, ServiceKind::Telemetry, "jaeger HTTP"},
    PortRule{16686, ServiceKind::Telemetry, "jaeger UI"},
    PortRule{9411, ServiceKind::Telemetry, "zipkin"},
    PortRule{55679, ServiceKind::Telemetry, "OpenTelemetry zpages"},
    PortRule{8013, ServiceKind::FeatureFlags, "flagd"},
    PortRule{4242, ServiceKind::FeatureFlags, "unleash"},
    PortRule{8500, ServiceKind::Registry, "consul"},
    PortRule{8761, ServiceKind::Registry, "eureka"},
    PortRule{8848, ServiceKind::Registry, "nacos"},
    PortRule{2181, ServiceKind::Registry, "zookeeper"},
    PortRule{15021, ServiceKind::Gateway, "istio ingress status"},
};

std::vector<std::string> tokens_of(std::string_view text) {
  std::vector<std::string> out(1);
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
      out.back() += static_cast<char>(std::tolower(u));
    else if (!out.back().empty())
      out.emplace_back();
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

std::optional<ServiceKind> match_rules(std::string_view text, std::string& word) {
  const std::vector<std::string> tokens = tokens_of(text);
  std::string squashed;
  for (const auto& t : tokens) squashed += t;
  for (const Rule& rule : kRules) {
    bool hit = false;
    switch (rule.match) {
      case Match::Token: hit = std::find(tokens.begin(), tokens.end(), rule.word) != tokens.end(); break;
      case Match::Squashed: hit = squashed.find(rule.word) != std::string::npos; break;
      case Match::Whole: hit = squashed == rule.word; break;
    }
    if (hit) {
      word = rule.word;
      return rule.kind;
    }
  }
  return std::nullopt;
}

// Products whose repository name alone says nothing ("all-in-one", "proxyv2").
constexpr std::array<std::pair<std::string_view, ServiceKind>, 4> kImagePaths{{
    {"jaegertracing/all-in-one", ServiceKind::Telemetry},
    {"istio/proxyv2", ServiceKind::Sidecar},
    {"linkerd/proxy", ServiceKind::Sidecar},
    {"openzipkin/zipkin", ServiceKind::Telemetry},
}};

// The image without registry, tag or digest: "ghcr.io/x/demo:1.0-flagd" -> "x/demo".
std::string_view image_path(std::string_view image) {
  image = image.substr(0, image.find('@'));
  const std::size_t slash = image.rfind('/');
  image = image.substr(0, image.find(':', slash == std::string_view::npos ? 0 : slash));
  if (const std::size_t first = image.find('/'); first != std::string_view::npos) {
    const std::string_view host = image.substr(0, first);
    if (host.find('.') != std::string_view::npos || host.find(':') != std::string_view::npos || host == "localhost")
      image.remove_prefix(first + 1);
  }
  return image;
}

// An image is a product when its repository name starts with the product's words
// ("opentelemetry-collector-contrib", "jaeger-collector", "prometheus"): names that merely
// mention one ("ts-order-service-with-jaeger", "example-hotrod" under jaegertracing/,
// "examples-bookinfo-details" on registry.istio.io) are applications.
std::optional<ServiceKind> match_image(std::string_view image, std::string& word) {
  const std::string_view path = image_path(image);
  for (const auto& [known, kind] : kImagePaths)
    if (path == known || path.ends_with("/" + std::string(known))) {
      word = known;
      return kind;
    }
  const std::size_t slash = path.rfind('/');
  const std::vector<std::string> tokens = tokens_of(slash == std::string_view::npos ? path : path.substr(slash + 1));
  std::string leading;
  for (const auto& t : tokens) {
    leading += t;
    for (const Rule& rule : kRules)
      if (rule.match != Match::Whole && rule.word == leading) {
        word = rule.word;
        return rule.kind;
      }
  }
  return std::nullopt;
}

std::optional<InfrastructureMatch> by_images(const std::vector<std::string>& images) {
  std::optional<InfrastructureMatch> found;
  bool other = false;  // an image that says nothing, or something else
  for (const auto& image : images) {
    std::string word;
    const auto kind = match_image(image, word);
    if (kind == ServiceKind::Sidecar && images.size() > 1) continue;  // an injected proxy container
    if (!kind || (found && found->kind != *kind)) {
      other = true;
    } else if (!found) {
      found = InfrastructureMatch{*kind, "image " + image};
    }
  }
  if (other) return std::nullopt;
  return found;
}

}  // namespace

std::optional<InfrastructureMatch> recognise_infrastructure(std::string_view name, const DeploymentFacts& facts) {
  std::string word;
  if (const auto kind = match_rules(name, word)) return InfrastructureMatch{*kind, "name " + word};
  if (auto match = by_images(facts.images)) return match;
  for (const PortRule& rule : kPorts)
    if (std::find(facts.ports.begin(), facts.ports.end(), rule.port) != facts.ports.end())
      return InfrastructureMatch{rule.kind, "port " + std::to_string(rule.port) + " (" +
                                                std::string(rule.convention) + ")"};
  return std::nullopt;
}

std::vector<RecognisedService> apply_infrastructure_kinds(CallGraph& graph,
                                                          const std::function<bool(ServiceId)>& kind_is_explicit) {
  std::vector<RecognisedService> out;
  for (ServiceId id = 0; id < graph.service_count(); ++id) {
    Service& service = graph.service(id);
    if (service.kind != ServiceKind::Service || kind_is_explicit(id)) continue;
    if (auto match = recognise_infrastructure(service.name, service.deployment)) {
      service.kind = match->kind;
      out.push_back({service.name, std::move(*match)});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::string describe_recognised(const std::vector<RecognisedService>& recognised) {
  std::string out = "recognised " + std::to_string(recognised.size()) + " infrastructure service" +
                    (recognised.size() == 1 ? "" : "s") + ":";
  for (std::size_t i = 0; i < recognised.size(); ++i) {
    const auto& r = recognised[i];
    out += (i ? ", " : " ") + r.name + " (" + std::string(to_string(r.match.kind)) + ": " + r.match.reason + ")";
  }
  return out;
}

}  // namespace nanoscope::model
