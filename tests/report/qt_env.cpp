// One QGuiApplication for the whole test binary, shared with the render tests rather than
// written again (the report's figures need fonts and painting).
#include "render/qt_env.cpp"  // NOLINT(bugprone-suspicious-include)
