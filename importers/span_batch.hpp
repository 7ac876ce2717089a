// Spans of one trace file staged before they reach the GraphBuilder, for the decisions that
// need the whole file: which names are local services, which client spans are answered by a
// child span in another service, and which remote names match no local service (reported).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "importers/graph_builder.hpp"
#include "importers/records.hpp"
#include "importers/string_pool.hpp"
#include "model/kinds.hpp"

namespace nanoscope::importers::detail {

/// Owns copies of strings so staged records outlive the parser's buffers.
class StringArena {
 public:
  std::string_view keep(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > kBlock / 8) return large_.emplace_back(text);
    if (blocks_.empty() || used_ + text.size() > kBlock) {
      blocks_.push_back(std::make_unique<char[]>(kBlock));
      used_ = 0;
    }
    char* out = blocks_.back().get() + used_;
    std::memcpy(out, text.data(), text.size());
    used_ += text.size();
    return {out, text.size()};
  }

 private:
  static constexpr std::size_t kBlock = std::size_t{1} << 16;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::deque<std::string> large_;
  std::size_t used_ = 0;
};

/// How the kind of a staged span's peer is decided when the batch is flushed.
enum class PeerRule {
  Fixed,   ///< peer_kind is already known (a db.system or messaging.system peer)
  ByName,  ///< a remote name: a local service of the file if one has that name, else by
           ///< technology (mysql, redis, kafka ...), else Broker for producer/consumer spans
           ///< and External for client spans
};

/// One span waiting for the rest of its file.
struct StagedSpan {
  SpanRecord record;  ///< every view points into the batch's arena
  PeerRule peer_rule = PeerRule::Fixed;
  bool merged = false;  ///< folded into another staged span; dropped by drop_merged()
};

/// The spans of one file, flushed to the builder once the file is read.
class SpanBatch {
 public:
  /// Copies `text` into storage that lives as long as the batch.
  std::string_view keep(std::string_view text) { return arena_.keep(text); }
  /// Appends an empty span (references stay valid while more are added).
  StagedSpan& add() { return spans_.emplace_back(); }
  [[nodiscard]] std::size_t size() const { return spans_.size(); }
  [[nodiscard]] StagedSpan& operator[](std::size_t i) { return spans_[i]; }
  /// Removes the spans marked `merged` (the others keep their order).
  void drop_merged() { std::erase_if(spans_, [](const StagedSpan& s) { return s.merged; }); }

  /// Resolves peers, reports remote names, hands every span to `builder` in file order and
  /// returns how many spans there were.
  std::uint64_t flush(GraphBuilder& builder) {
    std::set<std::string_view> local;
    for (const auto& s : spans_)
      if (!s.record.service.empty()) local.insert(s.record.service);
    const std::vector<std::string_view> answered_by = find_answering_services();

    std::map<std::string_view, std::pair<model::ServiceKind, std::uint64_t>> unmatched;
    std::map<std::pair<std::string_view, std::string_view>, std::uint64_t> mismatched;
    for (std::size_t i = 0; i < spans_.size(); ++i) {
      SpanRecord r = spans_[i].record;
      if (!r.peer_service.empty()) {
        if (!answered_by[i].empty()) {
          // The callee is instrumented: the child span is the call's target, so a second
          // node under the remote name would be a phantom.
          if (spans_[i].peer_rule == PeerRule::ByName && r.peer_service != answered_by[i])
            ++mismatched[{r.peer_service, answered_by[i]}];
          r.peer_service = {};
          r.peer_operation = {};
          r.peer_kind = model::ServiceKind::Service;
        } else if (spans_[i].peer_rule == PeerRule::ByName && local.count(r.peer_service)) {
          r.peer_kind = model::ServiceKind::Service;
        } else if (spans_[i].peer_rule == PeerRule::ByName) {
          // One kind per name: the first span naming it decides (a name that a producer and
          // a client both use must not become two nodes or flip kind by trace order).
          auto it = unmatched.try_emplace(r.peer_service, classify_remote(r.peer_service, r.kind, local), 0).first;
          r.peer_kind = it->second.first;
          ++it->second.second;
        }
      }
      builder.add_span(r);
    }
    report(builder, unmatched, mismatched);
    return spans_.size();
  }

  /// Kind of a node named by a remote endpoint.
  [[nodiscard]] static model::ServiceKind classify_remote(std::string_view name, SpanKind kind,
                                                          const std::set<std::string_view>& local) {
    if (local.count(name)) return model::ServiceKind::Service;
    if (auto k = model::kind_from_technology(name)) return *k;
    if (kind == SpanKind::Producer || kind == SpanKind::Consumer) return model::ServiceKind::Broker;
    return model::ServiceKind::External;
  }

 private:
  // For each client span naming a peer: the service of its first child (in file order) that
  // runs in another service, or empty.
  std::vector<std::string_view> find_answering_services() const {
    std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint32_t>> callers;
    for (std::uint32_t i = 0; i < spans_.size(); ++i) {
      const SpanRecord& r = spans_[i].record;
      if (r.kind == SpanKind::Client && !r.peer_service.empty() && !r.span_id.empty())
        callers.emplace_back(hash_id(r.trace_id), hash_id(r.span_id), i);
    }
    std::vector<std::string_view> answered(spans_.size());
    if (callers.empty()) return answered;
    std::sort(callers.begin(), callers.end());
    for (const auto& s : spans_) {
      const SpanRecord& child = s.record;
      if (child.parent_id.empty()) continue;
      const std::uint64_t trace = hash_id(child.trace_id), parent = hash_id(child.parent_id);
      auto it = std::lower_bound(callers.begin(), callers.end(), std::make_tuple(trace, parent, std::uint32_t{0}));
      for (; it != callers.end() && std::get<0>(*it) == trace && std::get<1>(*it) == parent; ++it) {
        const std::uint32_t c = std::get<2>(*it);
        if (answered[c].empty() && spans_[c].record.service != child.service)
          answered[c] = child.service.empty() ? kUnknownService : child.service;
      }
    }
    return answered;
  }

  static void report(GraphBuilder& builder,
                     const std::map<std::string_view, std::pair<model::ServiceKind, std::uint64_t>>& unmatched,
                     const std::map<std::pair<std::string_view, std::string_view>, std::uint64_t>& mismatched) {
    constexpr std::size_t kListed = 12;
    if (!unmatched.empty()) {
      std::string text = "remote names that match no local service became nodes of their own:";
      std::size_t listed = 0;
      for (const auto& [name, kind_count] : unmatched) {
        if (listed++ == kListed) {
          text += " ... and " + std::to_string(unmatched.size() - kListed) + " more";
          break;
        }
        text += (listed > 1 ? ", '" : " '") + std::string(name) + "' (" +
                std::string(model::to_string(kind_count.first)) + ", " + std::to_string(kind_count.second) +
                (kind_count.second == 1 ? " span)" : " spans)");
      }
      builder.info("remote-service-unmatched", text, unmatched.size());
    }
    if (!mismatched.empty()) {
      std::string text = "remote names differ from the service that answered the call:";
      std::size_t listed = 0;
      for (const auto& [names, count] : mismatched) {
        if (listed++ == kListed) {
          text += " ... and " + std::to_string(mismatched.size() - kListed) + " more";
          break;
        }
        text += (listed > 1 ? ", '" : " '") + std::string(names.first) + "' answered by '" +
                std::string(names.second) + "'";
      }
      builder.info("remote-name-mismatch", text, mismatched.size());
    }
  }

  StringArena arena_;
  std::deque<StagedSpan> spans_;
};

}  // namespace nanoscope::importers::detail
