// Undo/redo command stack: order, redo tail, coalescing of one slider drag.
#include <doctest/doctest.h>

#include "gui/viewmodel/edit_history.hpp"
#include "gui_fixture.hpp"

using namespace nanoscope;

TEST_CASE("edit history undoes and redoes in order and drops the redo tail") {
  const auto g = test::knot_graph();
  const auto p0 = model::Partition::observed(*g);
  auto p1 = p0;
  p1.merge(0, 1);
  auto p2 = p1;
  p2.merge(0, 2);
  gui::EditHistory h;
  CHECK_FALSE(h.can_undo());
  CHECK_FALSE(h.undo().has_value());
  h.push({"one", p0, p1, ""});
  h.push({"two", p1, p2, ""});
  CHECK(h.undo_label() == "two");
  CHECK(*h.undo() == p1);
  CHECK(h.redo_label() == "two");
  CHECK(*h.undo() == p0);
  CHECK_FALSE(h.can_undo());
  CHECK(*h.redo() == p1);
  auto p3 = p1;
  p3.merge(0, 3);
  h.push({"three", p1, p3, ""});  // drops "two"
  CHECK_FALSE(h.can_redo());
  CHECK(h.size() == 2);
  CHECK(*h.undo() == p1);
}

TEST_CASE("edit history coalesces a drag into one step until sealed") {
  const auto g = test::knot_graph();
  const auto p0 = model::Partition::observed(*g);
  auto p1 = p0;
  p1.merge(0, 1);
  auto p2 = p1;
  p2.merge(0, 2);
  gui::EditHistory h;
  h.push({"regroup to 4", p0, p1, "granularity"});
  h.push({"regroup to 3", p1, p2, "granularity"});
  CHECK(h.size() == 1);
  CHECK(h.undo_label() == "regroup to 3");
  h.seal();
  h.push({"regroup to 2", p2, p0, "granularity"});
  CHECK(h.size() == 2);
  CHECK(*h.undo() == p2);
  CHECK(*h.undo() == p0);
}
