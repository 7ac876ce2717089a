// Minimap geometry: the frame sits in the viewport's bottom-right corner with the world's
// aspect, every node maps inside it and back, the viewport rectangle shows what the camera
// sees, and a click centres the camera on the world point under it.
#include <doctest/doctest.h>

#include <vector>

#include "gui/viewmodel/minimap.hpp"

using namespace nanoscope;
using gui::Vec2;

namespace {

// A 1000 x 250 world: four nodes in a wide row and one below.
const std::vector<Vec2> kNodes{{0, 0}, {300, 0}, {600, 0}, {900, 0}, {450, 150}};

gui::Camera viewport() {
  gui::Camera c;
  c.origin = {10, 20};
  c.size = {1200, 800};
  return c;
}

}  // namespace

TEST_CASE("minimap: the frame is in the bottom-right corner with the world's aspect") {
  const auto m = gui::make_minimap(kNodes, viewport(), 200.0f, 12.0f);
  REQUIRE(m);
  // World: nodes' bounds plus 50 on every side: 1000 x 250. Scale 200 / 1000.
  CHECK(m->world == gui::Rect{{-50, -50}, {950, 200}});
  CHECK(m->scale == doctest::Approx(0.2f));
  CHECK(m->frame.max.x == doctest::Approx(10 + 1200 - 12));
  CHECK(m->frame.max.y == doctest::Approx(20 + 800 - 12));
  CHECK(m->frame.max.x - m->frame.min.x == doctest::Approx(200));
  CHECK(m->frame.max.y - m->frame.min.y == doctest::Approx(50));
  for (const auto& p : kNodes) {
    const auto f = m->to_frame(p);
    CHECK(m->frame.contains(f));
    const auto back = m->to_world(f);
    CHECK(back.x == doctest::Approx(p.x));
    CHECK(back.y == doctest::Approx(p.y));
  }
}

TEST_CASE("minimap: the viewport rectangle is what the camera sees, clipped to the frame") {
  auto camera = viewport();
  camera.fit(kNodes);
  const auto m = gui::make_minimap(kNodes, camera);
  REQUIRE(m);
  // Fitted: every node is on screen, so inside the viewport rectangle.
  const auto v = m->viewport(camera);
  for (const auto& p : kNodes) CHECK(v.contains(m->to_frame(p)));
  // Zoomed in on the second node: a small rectangle around it (150 x 100 world units).
  camera.center = kNodes[1];
  camera.zoom = 8.0f;
  const auto z = m->viewport(camera);
  CHECK(z.contains(m->to_frame(kNodes[1])));
  CHECK(!z.contains(m->to_frame(kNodes[0])));
  CHECK(!z.contains(m->to_frame(kNodes[2])));
  CHECK(z.max.y - z.min.y == doctest::Approx(800 / 8.0f * m->scale));
  CHECK(z.max.x - z.min.x == doctest::Approx(1200 / 8.0f * m->scale));
  // Far off to the side: clipped to the frame's edge.
  camera.center = {100000, 0};
  const auto off = m->viewport(camera);
  CHECK(off.min.x == m->frame.max.x);
  CHECK(off.max.x == m->frame.max.x);
}

TEST_CASE("minimap: a click centres the camera on the world point under it") {
  auto camera = viewport();
  camera.zoom = 3.0f;
  const auto m = gui::make_minimap(kNodes, camera);
  REQUIRE(m);
  m->centre_camera(camera, m->to_frame(kNodes[4]));
  const auto on_screen = camera.to_screen(kNodes[4]);
  CHECK(on_screen.x == doctest::Approx(10 + 600));
  CHECK(on_screen.y == doctest::Approx(20 + 400));
  CHECK(camera.zoom == 3.0f);  // a click moves, never zooms
}

TEST_CASE("minimap: none without nodes or in a viewport too small for it; one node is a square world") {
  CHECK(!gui::make_minimap({}, viewport()));
  auto small = viewport();
  small.size = {300, 300};
  CHECK(!gui::make_minimap(kNodes, small));
  const auto one = gui::make_minimap({{5, 5}}, viewport(), 100.0f);
  REQUIRE(one);
  CHECK(one->frame.max.x - one->frame.min.x == doctest::Approx(100));
  CHECK(one->frame.max.y - one->frame.min.y == doctest::Approx(100));
}
