// Host mentions in configuration values, env-name hints, image-based kinds, and the
// de-duplicated dependency list of the manifest importers.
#include "importers/manifest_references.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace nanoscope::importers::detail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_separator(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';' || c == '"' || c == '\'' || c == '(' ||
         c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '<' || c == '>' || c == '|';
}

std::vector<std::string_view> split_tokens(std::string_view value) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && is_separator(value[i])) ++i;
    std::size_t start = i;
    while (i < value.size() && !is_separator(value[i])) ++i;
    if (i > start) out.push_back(value.substr(start, i - start));
  }
  return out;
}

// A DNS-ish name: letters, digits, '-', '_', '.'; at least one letter; no empty label;
// no leading or trailing '-'.
bool is_host_shaped(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  bool letter = false;
  char prev = '.';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalpha(u))
      letter = true;
    else if (!std::isdigit(u) && c != '-' && c != '_' && c != '.')
      return false;
    if (c == '.' && prev == '.') return false;
    if (c == '-' && prev == '.') return false;
    if (c == '.' && prev == '-') return false;
    prev = c;
  }
  return letter && s.back() != '-';
}

bool is_local(std::string_view host) {
  static constexpr std::array<std::string_view, 4> kLocal{"localhost", "localhost.localdomain", "ip6-localhost",
                                                          "host.docker.internal"};
  return std::find(kLocal.begin(), kLocal.end(), host) != kLocal.end();
}

// "1".."65535", then nothing or a path.
bool is_port_then_path(std::string_view s) {
  std::size_t digits = 0;
  long port = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) {
    port = port * 10 + (s[digits] - '0');
    if (++digits > 5) return false;
  }
  if (digits == 0 || port < 1 || port > 65535) return false;
  return digits == s.size() || s[digits] == '/';
}

void add_host(std::string_view host, MentionForm form, std::vector<HostMention>& out) {
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (!is_host_shaped(host)) return;
  std::string h = lower(host);
  if (is_local(h)) return;
  out.push_back({std::move(h), form});
}

std::string_view last_word(std::string_view name) {
  const std::size_t cut = name.find_last_of("_-.");
  return cut == std::string_view::npos ? name : name.substr(cut + 1);
}

template <std::size_t N>
bool upper_word_in(std::string_view word, const std::array<std::string_view, N>& words) {
  std::string up(word);
  for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return std::find(words.begin(), words.end(), up) != words.end();
}

}  // namespace

std::vector<HostMention> find_host_mentions(std::string_view value) {
  std::vector<HostMention> out;
  const std::string_view whole = trim(value);
  const std::vector<std::string_view> tokens = split_tokens(whole);
  for (std::string_view token : tokens) {
    if (const std::size_t scheme = token.find("://"); scheme != std::string_view::npos) {
      std::string_view authority = token.substr(scheme + 3);
      authority = authority.substr(0, authority.find_first_of("/?#"));
      if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
      add_host(authority.substr(0, authority.find(':')), MentionForm::Url, out);
      continue;
    }
    std::string_view t = token;
    // "--flag=host:port": drop the "key=" part (but not an '=' in a query after the path).
    if (const std::size_t eq = t.substr(0, t.find_first_of("/?")).rfind('='); eq != std::string_view::npos)
      t.remove_prefix(eq + 1);
    if (const std::size_t at = t.rfind('@'); at != std::string_view::npos) t.remove_prefix(at + 1);
    if (const std::size_t colon = t.find(':'); colon != std::string_view::npos) {
      if (is_port_then_path(t.substr(colon + 1))) add_host(t.substr(0, colon), MentionForm::HostPort, out);
      continue;
    }
    if (tokens.size() == 1 && t.size() == whole.size()) {
      static constexpr std::array<std::string_view, 8> kWords{"true", "false", "yes",  "no",
                                                              "on",   "off",   "null", "none"};
      const std::string l = lower(t);
      if (std::find(kWords.begin(), kWords.end(), l) == kWords.end()) add_host(t, MentionForm::Bare, out);
    }
  }
  return out;
}

std::string redact_credentials(std::string_view value) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    const std::size_t scheme = value.find("://", i);
    if (scheme == std::string_view::npos) break;
    const std::size_t start = scheme + 3;
    std::size_t end = start;
    while (end < value.size() && !is_separator(value[end]) && value[end] != '/' && value[end] != '?' &&
           value[end] != '#')
      ++end;
    const std::string_view authority = value.substr(start, end - start);
    const std::size_t at = authority.rfind('@');
    const std::size_t colon = authority.find(':');
    out.append(value.substr(i, start - i));
    if (at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
      out.append(authority.substr(0, colon + 1));
      out.append("***");
      out.append(authority.substr(at));
    } else {
      out.append(authority);
    }
    i = end;
  }
  out.append(value.substr(std::min(i, value.size())));
  return out;
}

bool env_name_says_host(std::string_view name) {
  static constexpr std::array<std::string_view, 19> kHostWords{
      "HOST", "HOSTS",    "HOSTNAME",  "ADDR",   "ADDRS",   "ADDRESS", "ADDRESSES", "URL", "URLS",    "URI",
      "URIS", "ENDPOINT", "ENDPOINTS", "SERVER", "SERVERS", "BROKER",  "BROKERS",   "DSN", "UPSTREAM"};
  return upper_word_in(last_word(name), kHostWords);
}

bool env_name_says_not_host(std::string_view name) {
  static constexpr std::array<std::string_view, 22> kNotHostWords{
      "NAME",  "NAMES", "NAMESPACE", "USER",   "USERNAME", "PASSWORD", "PASS",   "SECRET", "TOKEN", "KEY",   "ID",
      "TOPIC", "QUEUE", "EXCHANGE",  "BUCKET", "TABLE",    "DATABASE", "PREFIX", "LABEL",  "MODE",  "LEVEL", "VERSION"};
  return upper_word_in(last_word(name), kNotHostWords);
}

MentionUse classify_mention(std::string_view env_name, const HostMention& mention, bool resolves) {
  if (mention.form != MentionForm::Bare) return resolves ? MentionUse::Dependency : MentionUse::Unresolved;
  if (env_name_says_not_host(env_name)) return MentionUse::Ignore;
  const bool cluster_dns = mention.host.ends_with(".svc") || mention.host.find(".svc.") != std::string::npos;
  const bool address = env_name_says_host(env_name) || cluster_dns;
  const bool dotted = mention.host.find('.') != std::string::npos;
  if (resolves) return address || dotted ? MentionUse::Dependency : MentionUse::BareWord;
  return address ? MentionUse::Unresolved : MentionUse::Ignore;
}

std::string image_repository_name(std::string_view image) {
  image = trim(image);
  if (const std::size_t at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
  if (const std::size_t slash = image.rfind('/'); slash != std::string_view::npos) image.remove_prefix(slash + 1);
  if (const std::size_t colon = image.find(':'); colon != std::string_view::npos) image = image.substr(0, colon);
  return std::string(image);
}

model::ServiceKind kind_from_images_or_name(const std::vector<std::string>& images, std::string_view name) {
  for (const auto& image : images) {
    const std::string repo = image_repository_name(image);
    if (repo.empty()) continue;
    if (auto kind = model::kind_from_technology(repo)) return *kind;
  }
  if (auto kind = model::kind_from_technology(name)) return *kind;
  return model::ServiceKind::Service;
}

model::InteractionKind interaction_for(model::ServiceKind callee) {
  switch (callee) {
    case model::ServiceKind::Database:
    case model::ServiceKind::Cache:
      return model::InteractionKind::Database;
    case model::ServiceKind::Broker:
      return model::InteractionKind::Async;
    default:
      return model::InteractionKind::Sync;
  }
}

void DeclaredDependencies::add(const std::string& from, const std::string& to, model::InteractionKind kind,
                               const std::string& evidence, const std::string& source) {
  auto [it, inserted] = entries_.try_emplace({from, to});
  Entry& e = it->second;
  if (inserted) {
    e.kind = kind;
    e.source = source;
  }
  if (std::find(e.evidence.begin(), e.evidence.end(), evidence) == e.evidence.end()) e.evidence.push_back(evidence);
}

void DeclaredDependencies::declare_all(GraphBuilder& builder) const {
  for (const auto& [key, e] : entries_) {
    std::string evidence;
    for (const auto& piece : e.evidence) {
      if (!evidence.empty()) evidence += "; ";
      evidence += piece;
    }
    builder.set_source(e.source);
    DependencyDecl decl;
    decl.from = key.first;
    decl.to = key.second;
    decl.kind = e.kind;
    decl.evidence = evidence;
    builder.declare_dependency(decl);
  }
}

}  // namespace nanoscope::importers::detail
