// The mail store the app starts with (demo accounts + assets/mail).
#include "app/ui/app_store.h"

#include <chrono>
#include <exception>
#include <ostream>

#include "app/ui/assets.h"
#include "sim/seed.h"

namespace mailscope::app {

bool seedAppStore(mail::MailStore& store, std::ostream& err)
{
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    try {
        sim::seedDemoStore(store, assetsDir(), std::chrono::duration_cast<std::chrono::seconds>(now).count());
        return true;
    } catch (const std::exception& e) {
        err << "mailscope: cannot load the sample mail: " << e.what()
            << " (set MAILSCOPE_ASSETS to the assets/ folder)\n";
        return false;
    }
}

}  // namespace mailscope::app
