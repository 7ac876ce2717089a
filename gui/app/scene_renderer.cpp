// The graph canvas's own OpenGL 3.3 path: one program, one vertex buffer, one draw call.
// libGL (glvnd) exports the core entry points, so they are called directly.
#include "gui/app/scene_renderer.hpp"

#define GL_GLEXT_PROTOTYPES 1
#include <GL/glcorearb.h>
#include <imgui.h>

#include <cstddef>

namespace nanoscope::gui {
namespace {

const char* kVertexShader = R"(#version 330 core
layout(location = 0) in vec2 position;
layout(location = 1) in vec2 local;
layout(location = 2) in vec4 fill;
layout(location = 3) in vec4 outline;
layout(location = 4) in vec2 size;
layout(location = 5) in uint shape;
uniform mat4 projection;
out vec2 v_local;
out vec4 v_fill;
out vec4 v_outline;
out vec2 v_size;
flat out uint v_shape;
void main() {
  v_local = local; v_fill = fill; v_outline = outline; v_size = size; v_shape = shape;
  gl_Position = projection * vec4(position, 0.0, 1.0);
}
)";

// Disc: fill inside `radius`, outline ring out to radius + width, one pixel of smooth rim.
// Square: solid. Stroke: coverage falls off over the last half pixel across the width.
const char* kFragmentShader = R"(#version 330 core
in vec2 v_local;
in vec4 v_fill;
in vec4 v_outline;
in vec2 v_size;
flat in uint v_shape;
out vec4 colour;
void main() {
  if (v_shape == 1u) { colour = v_fill; return; }
  if (v_shape == 2u) {
    float a = clamp(v_size.x + 0.5 - abs(v_local.y), 0.0, 1.0);
    if (a <= 0.0) discard;
    colour = vec4(v_fill.rgb, v_fill.a * a);
    return;
  }
  float d = length(v_local);
  float a = clamp(v_size.x + v_size.y + 0.5 - d, 0.0, 1.0);
  if (a <= 0.0) discard;
  vec4 c = v_size.y > 0.0 ? mix(v_fill, v_outline, clamp(d - v_size.x + 0.5, 0.0, 1.0)) : v_fill;
  colour = vec4(c.rgb, c.a * a);
}
)";

GLuint compile(GLenum kind, const char* source, std::string& error) {
  const GLuint shader = glCreateShader(kind);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    error = std::string("scene shader: ") + log;
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

}  // namespace

SceneRenderer::SceneRenderer() {
  const GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader, error_);
  const GLuint fs = vs ? compile(GL_FRAGMENT_SHADER, kFragmentShader, error_) : 0;
  if (!vs || !fs) {
    if (vs) glDeleteShader(vs);
    return;
  }
  program_ = glCreateProgram();
  glAttachShader(program_, vs);
  glAttachShader(program_, fs);
  glLinkProgram(program_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint linked = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &linked);
  if (!linked) {
    error_ = "scene shader: link failed";
    return;
  }
  projection_ = glGetUniformLocation(program_, "projection");
  GLint last_vao = 0, last_buffer = 0;
  glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &last_vao);
  glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &last_buffer);
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  const auto stride = static_cast<GLsizei>(sizeof(MeshVertex));
  auto at = [](std::size_t offset) { return reinterpret_cast<const void*>(offset); };
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, at(offsetof(MeshVertex, x)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, at(offsetof(MeshVertex, u)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, at(offsetof(MeshVertex, fill)));
  glEnableVertexAttribArray(3);
  glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, at(offsetof(MeshVertex, outline)));
  glEnableVertexAttribArray(4);
  glVertexAttribPointer(4, 2, GL_FLOAT, GL_FALSE, stride, at(offsetof(MeshVertex, radius)));
  glEnableVertexAttribArray(5);
  glVertexAttribIPointer(5, 1, GL_UNSIGNED_INT, stride, at(offsetof(MeshVertex, shape)));
  glBindVertexArray(static_cast<GLuint>(last_vao));
  glBindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(last_buffer));
  ok_ = glGetError() == GL_NO_ERROR;
  if (!ok_) error_ = "scene renderer: OpenGL error while setting up";
}

SceneRenderer::~SceneRenderer() {
  if (vbo_) glDeleteBuffers(1, &vbo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  if (program_) glDeleteProgram(program_);
}

void SceneRenderer::queue(ImDrawList* list, const SceneMesh& mesh, std::uint64_t generation) {
  mesh_ = &mesh;
  generation_ = generation;
  last_triangles_ = 0;
  list->AddCallback(&SceneRenderer::on_draw, this);
  list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);  // ImGui's own state back
}

void SceneRenderer::on_draw(const ImDrawList*, const ImDrawCmd* cmd) {
  const float clip[4] = {cmd->ClipRect.x, cmd->ClipRect.y, cmd->ClipRect.z, cmd->ClipRect.w};
  static_cast<SceneRenderer*>(cmd->UserCallbackData)->draw(clip);
}

void SceneRenderer::draw(const float clip[4]) {
  if (!ok_ || !mesh_ || mesh_->vertices.empty()) return;
  const ImDrawData* data = ImGui::GetDrawData();
  if (!data) return;
  const float l = data->DisplayPos.x, r = l + data->DisplaySize.x;
  const float t = data->DisplayPos.y, b = t + data->DisplaySize.y;
  const float projection[16] = {2.0f / (r - l), 0, 0, 0, 0, 2.0f / (t - b), 0, 0, 0, 0, -1, 0,
                                (r + l) / (l - r), (t + b) / (b - t), 0, 1};
  const float sx = data->FramebufferScale.x, sy = data->FramebufferScale.y;
  const float fb_height = data->DisplaySize.y * sy;
  glScissor(static_cast<GLint>((clip[0] - l) * sx), static_cast<GLint>(fb_height - (clip[3] - t) * sy),
            static_cast<GLsizei>((clip[2] - clip[0]) * sx), static_cast<GLsizei>((clip[3] - clip[1]) * sy));
  glUseProgram(program_);
  glUniformMatrix4fv(projection_, 1, GL_FALSE, projection);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  const auto bytes = mesh_->vertices.size() * sizeof(MeshVertex);
  if (uploaded_ != generation_) {
    if (bytes > capacity_) {
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(bytes), mesh_->vertices.data(), GL_DYNAMIC_DRAW);
      capacity_ = bytes;
    } else {
      glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(bytes), mesh_->vertices.data());
    }
    uploaded_ = generation_;
    ++uploads_;
  }
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(mesh_->vertices.size()));
  last_triangles_ = mesh_->triangles();
}

}  // namespace nanoscope::gui
