// docker-compose files -> declared services and dependencies. Values are interpolated from a
// `.env` beside the file and from `<stem>.env` beside it (the latter wins); the shell
// environment is deliberately not read, so an import gives the same graph everywhere.
// Dependencies: depends_on (short and long form), links, and environment values naming
// another service (by service name, container_name, hostname or network alias) as an address
// (detail::classify_mention: URL, host:port, dotted name or an address-named variable; a bare
// word equal to a service name is an info "bare-word-reference", not an edge). Facts: image,
// ports/expose (container side), deploy.replicas / scale, deploy.resources limits/reservations
// (and the legacy cpus / mem_limit / mem_reservation).
#include <cctype>
#include <cmath>
#include <filesystem>
#include <set>

#include "importers/dotenv.hpp"
#include "importers/formats.hpp"
#include "importers/manifest_references.hpp"
#include "importers/resource_quantities.hpp"
#include "importers/yaml_nodes.hpp"

namespace nanoscope::importers {
namespace {

namespace fs = std::filesystem;
using detail::fail_at_node;
using detail::is_absent;
using detail::map_entries;
using detail::map_get;
using detail::seq_items;

// Port ranges longer than this contribute only their first port.
constexpr int kMaxPortRange = 100;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct EnvValue {
  std::string name;
  std::string value;
};

struct ComposeService {
  std::string name;
  std::string image;
  std::vector<std::string> aliases;  // container_name, network aliases
  std::set<int> ports;
  std::optional<int> replicas = 1;
  std::optional<double> cpu_limit_cores, cpu_request_cores, memory_limit_bytes, memory_request_bytes;
  std::vector<EnvValue> env;
  std::vector<std::string> depends_on;
  std::vector<std::pair<std::string, std::string>> links;  // service, alias
};

class ComposeReader {
 public:
  ComposeReader(const InputFile& file, GraphBuilder& builder) : file_(file), builder_(builder) {}

  std::uint64_t run() {
    builder_.set_source(file_.path());
    load_env_files();
    builder_.set_source(file_.path());
    YAML::Node root;
    for (const YAML::Node& doc : detail::load_yaml_documents(file_)) {
      if (is_absent(doc)) continue;
      if (is_absent(root))
        root = doc;
      else
        builder_.warn("extra-document", "only the first YAML document of a compose file is read");
    }
    if (is_absent(root)) {
      builder_.warn("no-services", "the compose file is empty");
      return 0;
    }
    if (!root.IsMap()) fail_at_node(file_, root, "a compose file must be a mapping with a services key");
    const YAML::Node services = map_get(root, "services");
    if (is_absent(services)) builder_.warn("no-services", "the compose file has no services");
    for (const auto& [name, def] : map_entries(file_, services, "services"))
      services_.push_back(read_service(name, def));
    index_names();
    for (const ComposeService& s : services_) declare(s);
    for (const ComposeService& s : services_) find_dependencies(s);
    dependencies_.declare_all(builder_);
    builder_.set_source(file_.path());
    return services_.size();
  }

 private:
  void load_env_files() {
    const fs::path path(file_.path());
    const fs::path dir = path.parent_path();
    for (const fs::path& candidate : {dir / ".env", dir / (path.stem().string() + ".env")}) {
      std::error_code ec;
      if (!fs::is_regular_file(candidate, ec)) continue;
      const InputFile env = InputFile::read(candidate.string());
      for (auto& [k, v] : detail::parse_dotenv(env, builder_)) vars_.insert_or_assign(k, v);
      builder_.info("dotenv-used", "interpolation values read from " + candidate.string());
    }
  }

  // Interpolated text of a scalar (nullopt when absent).
  std::optional<std::string> text(const YAML::Node& node, std::string_view what) {
    auto raw = detail::scalar_text(file_, node, what);
    if (!raw) return std::nullopt;
    detail::Interpolation r = detail::interpolate(*raw, vars_);
    if (!r.error.empty()) fail_at_node(file_, node, "invalid interpolation in " + std::string(what) + ": " + r.error);
    for (const auto& v : r.unset)
      builder_.warn("undefined-variable", v + " is not set (no .env value); it becomes empty");
    for (const auto& v : r.required)
      builder_.warn("required-variable-unset", v + " is required by the file but not set; it becomes empty");
    return std::move(r.text);
  }

  std::optional<double> amount(const YAML::Node& node, std::string_view what, bool bytes) {
    auto t = text(node, what);
    if (!t) return std::nullopt;
    auto v = bytes ? detail::parse_compose_bytes(*t) : detail::parse_decimal(*t);
    if (!v) fail_at_node(file_, node, "invalid " + std::string(what) + " '" + *t + "'");
    return v;
  }

  std::optional<int> count(const YAML::Node& node, std::string_view what) {
    auto t = text(node, what);
    if (!t) return std::nullopt;
    auto v = detail::parse_decimal(*t);
    if (!v || *v > 1e6 || *v != std::floor(*v))
      fail_at_node(file_, node, std::string(what) + " must be a non-negative integer, not '" + *t + "'");
    return static_cast<int>(*v);
  }

  // Adds the container side of "[ip:][host:]container[-end][/proto]".
  void add_port_spec(const YAML::Node& node, std::string spec, ComposeService& s) {
    spec = spec.substr(0, spec.find('/'));
    if (const std::size_t colon = spec.rfind(':'); colon != std::string::npos) spec = spec.substr(colon + 1);
    const std::size_t dash = spec.find('-');
    auto first = detail::parse_decimal(spec.substr(0, dash));
    auto last = dash == std::string::npos ? first : detail::parse_decimal(spec.substr(dash + 1));
    if (!first || !last || *first < 1 || *last > 65535 || *last < *first || *first != static_cast<int>(*first)) {
      builder_.warn("invalid-port", "service " + s.name + ": port '" +
                                        detail::scalar_text(file_, node, "port").value_or("") +
                                        "' is not understood; ignored");
      return;
    }
    const int from = static_cast<int>(*first), to = static_cast<int>(*last);
    for (int p = from; p <= (to - from < kMaxPortRange ? to : from); ++p) s.ports.insert(p);
  }

  ComposeService read_service(const std::string& name, const YAML::Node& def) {
    ComposeService s;
    s.name = name;
    if (!is_absent(def) && !def.IsMap()) fail_at_node(file_, def, "service " + name + " must be a mapping");
    s.image = text(map_get(def, "image"), "image").value_or("");
    if (auto cn = text(map_get(def, "container_name"), "container_name")) s.aliases.push_back(*cn);
    if (auto host = text(map_get(def, "hostname"), "hostname")) s.aliases.push_back(*host);
    const YAML::Node networks = map_get(def, "networks");
    if (networks.IsMap())
      for (const auto& [net, cfg] : map_entries(file_, networks, "networks"))
        for (const YAML::Node& a : seq_items(file_, map_get(cfg, "aliases"), "aliases"))
          if (auto alias = text(a, "alias")) s.aliases.push_back(*alias);

    for (const char* key : {"ports", "expose"})
      for (const YAML::Node& p : seq_items(file_, map_get(def, key), key)) {
        if (p.IsMap()) {
          if (auto target = count(map_get(p, "target"), "target port"); target && *target >= 1 && *target <= 65535)
            s.ports.insert(*target);
        } else if (auto spec = text(p, key)) {
          add_port_spec(p, *spec, s);
        }
      }

    const YAML::Node deploy = map_get(def, "deploy");
    if (!is_absent(deploy) && !deploy.IsMap()) fail_at_node(file_, deploy, "deploy must be a mapping");
    if (auto r = count(map_get(deploy, "replicas"), "deploy.replicas"))
      s.replicas = r;
    else if (auto sc = count(map_get(def, "scale"), "scale"))
      s.replicas = sc;
    if (text(map_get(deploy, "mode"), "deploy.mode").value_or("") == "global") s.replicas.reset();
    const YAML::Node resources = map_get(deploy, "resources");
    const YAML::Node limits = map_get(resources, "limits");
    const YAML::Node reservations = map_get(resources, "reservations");
    s.cpu_limit_cores = amount(map_get(limits, "cpus"), "cpus", false);
    if (!s.cpu_limit_cores) s.cpu_limit_cores = amount(map_get(def, "cpus"), "cpus", false);
    s.cpu_request_cores = amount(map_get(reservations, "cpus"), "cpus", false);
    s.memory_limit_bytes = amount(map_get(limits, "memory"), "memory", true);
    if (!s.memory_limit_bytes) s.memory_limit_bytes = amount(map_get(def, "mem_limit"), "mem_limit", true);
    s.memory_request_bytes = amount(map_get(reservations, "memory"), "memory", true);
    if (!s.memory_request_bytes)
      s.memory_request_bytes = amount(map_get(def, "mem_reservation"), "mem_reservation", true);

    read_environment(map_get(def, "environment"), s);
    const YAML::Node env_file = map_get(def, "env_file");
    if (!is_absent(env_file))
      builder_.info("env-file-ignored", "service " + name + ": env_file is not read",
                    env_file.IsSequence() ? env_file.size() : 1);
    if (!is_absent(map_get(def, "extends")))
      builder_.info("extends-ignored", "service " + name + ": extends is not followed");

    const YAML::Node depends = map_get(def, "depends_on");
    if (depends.IsMap()) {
      for (const auto& [dep, cfg] : map_entries(file_, depends, "depends_on")) s.depends_on.push_back(dep);
    } else {
      for (const YAML::Node& d : seq_items(file_, depends, "depends_on"))
        if (auto dep = text(d, "depends_on entry")) s.depends_on.push_back(*dep);
    }
    for (const YAML::Node& l : seq_items(file_, map_get(def, "links"), "links")) {
      const std::string link = text(l, "link").value_or("");
      const std::size_t colon = link.find(':');
      s.links.emplace_back(link.substr(0, colon),
                           colon == std::string::npos ? link.substr(0, colon) : link.substr(colon + 1));
    }
    return s;
  }

  void read_environment(const YAML::Node& env, ComposeService& s) {
    auto pass_through = [&](const std::string& key) {
      auto it = vars_.find(key);
      if (it != vars_.end())
        s.env.push_back({key, it->second});
      else
        builder_.info("unset-pass-through", "service " + s.name + ": " + key +
                                                " takes its value from the shell, which is not read; left unset");
    };
    if (env.IsMap()) {
      for (const auto& [key, value] : map_entries(file_, env, "environment")) {
        if (is_absent(value))
          pass_through(key);
        else
          s.env.push_back({key, text(value, "environment value").value_or("")});
      }
      return;
    }
    for (const YAML::Node& item : seq_items(file_, env, "environment")) {
      const std::string entry = text(item, "environment entry").value_or("");
      const std::size_t eq = entry.find('=');
      if (eq == std::string::npos)
        pass_through(entry);
      else
        s.env.push_back({entry.substr(0, eq), entry.substr(eq + 1)});
    }
  }

  void index_names() {
    for (const ComposeService& s : services_) names_.try_emplace(lower(s.name), s.name);
    for (const ComposeService& s : services_)
      for (const auto& alias : s.aliases) names_.try_emplace(lower(alias), s.name);
    for (const ComposeService& s : services_) kinds_[s.name] = detail::kind_from_images_or_name({s.image}, s.name);
  }

  void declare(const ComposeService& s) {
    ServiceDecl decl;
    decl.name = s.name;
    decl.kind = kinds_.at(s.name);
    model::DeploymentFacts& f = decl.deployment;
    f.replicas = s.replicas;
    if (s.cpu_limit_cores) f.cpu_limit_millicores = *s.cpu_limit_cores * 1000.0;
    if (s.cpu_request_cores) f.cpu_request_millicores = *s.cpu_request_cores * 1000.0;
    f.memory_limit_bytes = s.memory_limit_bytes;
    f.memory_request_bytes = s.memory_request_bytes;
    if (!s.image.empty()) f.images.push_back(s.image);
    f.ports.assign(s.ports.begin(), s.ports.end());
    f.sources.push_back("service " + s.name + " (" + fs::path(file_.path()).filename().string() + ")");
    builder_.declare_service(decl);
  }

  void add(const ComposeService& from, const std::string& to, const std::string& evidence) {
    if (to == from.name) return;
    dependencies_.add(from.name, to, detail::interaction_for(kinds_.at(to)), evidence, file_.path());
  }

  void find_dependencies(const ComposeService& s) {
    for (const auto& dep : s.depends_on) {
      auto it = names_.find(lower(dep));
      if (it == names_.end())
        builder_.warn("unresolved-reference",
                      "depends_on of service " + s.name + " names " + dep + " (not a service in the compose file)");
      else
        add(s, it->second, "depends_on");
    }
    std::map<std::string, std::string> local;  // link aliases of this service
    for (const auto& [target, alias] : s.links) {
      auto it = names_.find(lower(target));
      if (it == names_.end()) {
        builder_.warn("unresolved-reference",
                      "links of service " + s.name + " names " + target + " (not a service in the compose file)");
        continue;
      }
      local[lower(alias)] = it->second;
      add(s, it->second, "links");
    }
    for (const auto& [name, value] : s.env) {
      for (const auto& mention : detail::find_host_mentions(value)) {
        const std::string evidence = "env " + name + "=" + detail::redact_credentials(value);
        auto hit = local.find(mention.host);
        const std::string* to = hit != local.end() ? &hit->second : nullptr;
        if (!to)
          if (auto it = names_.find(mention.host); it != names_.end()) to = &it->second;
        switch (detail::classify_mention(name, mention, to != nullptr)) {
          case detail::MentionUse::Dependency: add(s, *to, evidence); break;
          case detail::MentionUse::BareWord:
            builder_.info("bare-word-reference", evidence + " in service " + s.name + " equals service " + *to +
                                                     " but is not an address; no dependency");
            break;
          case detail::MentionUse::Unresolved:
            builder_.warn("unresolved-reference", evidence + " in service " + s.name + " names host " +
                                                      mention.host + " (not a service in the compose file)");
            break;
          case detail::MentionUse::Ignore: break;
        }
      }
    }
  }

  const InputFile& file_;
  GraphBuilder& builder_;
  detail::Variables vars_;
  std::vector<ComposeService> services_;
  std::map<std::string, std::string> names_;  // lower-cased name or alias -> service
  std::map<std::string, model::ServiceKind> kinds_;
  detail::DeclaredDependencies dependencies_;
};

}  // namespace

std::uint64_t import_compose_yaml(const InputFile& file, GraphBuilder& builder) {
  return ComposeReader(file, builder).run();
}

}  // namespace nanoscope::importers
