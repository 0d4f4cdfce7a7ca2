package dev.porter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LuaLibTest {
    private static final String LIB = """
            -- file header
            local A = 'a'
            -- the key of x
            local function key(x) return A .. x end
            local t1, t2 = {}, {}
            local function put(x)
              -- mentions unused() in a comment only
              t1[#t1 + 1] = key(x)
            end
            local function unused() return t2 end
            local function other() return 1 end
            """;

    @Test
    void aScriptGetsWhatItUsesAndWhatThatUsesInLibraryOrder() {
        String linked = new LuaLib(LIB).linkedFor("put('y')\nreturn 1\n");

        assertThat(linked).isEqualTo("""
                -- file header
                local A = 'a'
                -- the key of x
                local function key(x) return A .. x end
                local t1, t2 = {}, {}
                local function put(x)
                  -- mentions unused() in a comment only
                  t1[#t1 + 1] = key(x)
                end
                """);
    }

    @Test
    void aNameInAScriptsCommentPullsNothingIn() {
        assertThat(new LuaLib(LIB).linkedFor("-- other() is not called\nreturn 1\n")).isEmpty();
    }
}
