// Whether a configuration value (env var, connection string, flag) names another service's
// host, and the dependency list both manifest importers (Kubernetes, compose) build from it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "importers/graph_builder.hpp"
#include "model/kinds.hpp"

namespace nanoscope::importers::detail {

/// How a value names a host; URL and host:port forms are unmistakable, a bare word is not.
enum class MentionForm { Url, HostPort, Bare };

/// One host a value names, lower-cased, without a trailing dot.
struct HostMention {
  std::string host;
  MentionForm form = MentionForm::Bare;
};

/// Hosts named in `value`: every URL (scheme://[user@]host[:port][/path], any scheme, also
/// after "key=" inside flags) and every host:port, in the comma/space separated parts of the
/// value; a bare host only when the whole value is one host-shaped word. Hosts need a letter
/// (IP addresses and numbers are never hosts); localhost and wildcards are left out.
[[nodiscard]] std::vector<HostMention> find_host_mentions(std::string_view value);

/// `value` with URL passwords masked ("postgres://user:***@db/x"), for evidence and messages.
[[nodiscard]] std::string redact_credentials(std::string_view value);

/// Whether an env var name says its value is a host (..._HOST, _ADDR, _URL, _ENDPOINT,
/// _SERVER, _BROKERS ...), so an unresolved bare word in it is worth reporting.
[[nodiscard]] bool env_name_says_host(std::string_view name);
/// Whether an env var name says its value is not a host even if it equals a service name
/// (..._NAME, _USER, _PASSWORD, _TOPIC, _DATABASE ...).
[[nodiscard]] bool env_name_says_not_host(std::string_view name);

/// What one host mention in an env var amounts to.
enum class MentionUse {
  Dependency,  ///< an edge to the service it resolves to
  BareWord,    ///< a bare word equal to a service name in a variable not named as an address:
               ///< reported (info "bare-word-reference"), no edge (METRICS_STORAGE_TYPE=prometheus)
  Unresolved,  ///< clearly an address, but of no service in the input: a warning
  Ignore,      ///< not an address
};

/// The one rule both manifest importers (and values from .env files) follow: a mention becomes
/// a dependency when it has a URL or host:port shape, is a dotted name (name.ns, name.ns.svc...),
/// or the variable's name says it holds an address (env_name_says_host); `resolves` is whether
/// the host names a service or alias of the input.
[[nodiscard]] MentionUse classify_mention(std::string_view env_name, const HostMention& mention, bool resolves);

/// The repository name of an image reference: "gcr.io/a/redis:7-alpine" -> "redis".
[[nodiscard]] std::string image_repository_name(std::string_view image);
/// Service kind from the images (first that says something) and then from the name.
[[nodiscard]] model::ServiceKind kind_from_images_or_name(const std::vector<std::string>& images,
                                                          std::string_view name);
/// How a declared dependency reaches a callee of this kind (databases and caches: database;
/// brokers: async; anything else: sync).
[[nodiscard]] model::InteractionKind interaction_for(model::ServiceKind callee);

/// Dependencies a manifest declares, kept once per (from, to) with every piece of evidence,
/// then declared in (from, to) order.
class DeclaredDependencies {
 public:
  /// Records one piece of evidence for from -> to; `source` is the file that holds it.
  void add(const std::string& from, const std::string& to, model::InteractionKind kind, const std::string& evidence,
           const std::string& source);
  /// Declares each dependency; evidence joined with "; " in the order found.
  void declare_all(GraphBuilder& builder) const;
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    model::InteractionKind kind = model::InteractionKind::Sync;
    std::vector<std::string> evidence;
    std::string source;
  };
  std::map<std::pair<std::string, std::string>, Entry> entries_;
};

}  // namespace nanoscope::importers::detail
