<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountPage</name>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
    <message>
        <source>The config is not loaded yet.</source>
        <translation>配置尚未加载。</translation>
    </message>
    <message>
        <source>Primary model changed</source>
        <translation>主模型已更改</translation>
    </message>
    <message>
        <source>CoderClaw now uses {model}.</source>
        <translation>CoderClaw 现在使用 {model}。</translation>
    </message>
    <message>
        <source>The coderclaw program is not on PATH.</source>
        <translation>PATH 中找不到 coderclaw 程序。</translation>
    </message>
    <message>
        <source>Restart the gateway service yourself, or add coderclaw to PATH.</source>
        <translation>请手动重启网关服务，或将 coderclaw 加入 PATH。</translation>
    </message>
    <message>
        <source>The gateway restart did not finish: {error}</source>
        <translation>网关重启未完成：{error}</translation>
    </message>
    <message>
        <source>coderclaw gateway restart failed ({code}): {reason}</source>
        <translation>coderclaw gateway restart 失败（{code}）：{reason}</translation>
    </message>
    <message>
        <source>Gateway restarted</source>
        <translation>网关已重启</translation>
    </message>
    <message>
        <source>The token may not call Inference Providers</source>
        <translation>此令牌无权调用 Inference Providers</translation>
    </message>
    <message>
        <source>The primary model {model} is no longer served</source>
        <translation>主模型 {model} 已不再提供服务</translation>
    </message>
</context>
<context>
    <name>GatewayPage</name>
    <message>
        <source>Gateway</source>
        <translation>网关</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>Start at login</source>
        <translation>登录时启动</translation>
    </message>
    <message>
        <source>Start CoderClaw HF Tray when you log in.</source>
        <translation>登录系统时启动 CoderClaw HF Tray。</translation>
    </message>
    <message>
        <source>Show notifications</source>
        <translation>显示通知</translation>
    </message>
    <message>
        <source>Say so in a notification when the primary changes.</source>
        <translation>主模型变更时发出通知。</translation>
    </message>
    <message>
        <source>Refresh the model list every (minutes)</source>
        <translation>模型列表刷新间隔（分钟）</translation>
    </message>
    <message>
        <source>0 refreshes only on start and on request.</source>
        <translation>设为 0 时仅在启动和手动请求时刷新。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Empty follows the system language.</source>
        <translation>留空则跟随系统语言。</translation>
    </message>
    <message>
        <source>Favourite models</source>
        <translation>收藏的模型</translation>
    </message>
    <message>
        <source>Starred models, shown in the tray menu.</source>
        <translation>已加星标的模型，会显示在托盘菜单中。</translation>
    </message>
</context>
<context>
    <name>RoutingPage</name>
    <message>
        <source>Routing</source>
        <translation>路由</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>网关</translation>
    </message>
    <message>
        <source>CoderClaw HF Tray — Settings</source>
        <translation>CoderClaw HF Tray — 设置</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭提示</translation>
    </message>
    <message>
        <source>Dismiss the problem message</source>
        <translation>关闭问题提示</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>设置页面</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>The config folder {folder} does not exist yet.</source>
        <translation>配置文件夹 {folder} 尚不存在。</translation>
    </message>
</context>
<context>
    <name>TrayApp</name>
    <message>
        <source>No system tray was found on this desktop, so CoderClaw HF Tray runs in this window. Closing it quits the app.</source>
        <translation>此桌面没有系统托盘，因此 CoderClaw HF Tray 在此窗口中运行。关闭窗口即退出应用。</translation>
    </message>
</context>
<context>
    <name>TrayMenu</name>
    <message>
        <source>Signed in to Hugging Face as {name}</source>
        <translation>已登录 Hugging Face：{name}</translation>
    </message>
    <message>
        <source>No Hugging Face token — open Settings</source>
        <translation>没有 Hugging Face 令牌 — 请打开设置</translation>
    </message>
    <message>
        <source>Reading the keyring…</source>
        <translation>正在读取密钥环…</translation>
    </message>
    <message>
        <source>Token stored, not checked yet</source>
        <translation>令牌已保存，尚未验证</translation>
    </message>
    <message>
        <source>Primary: {model}</source>
        <translation>主模型：{model}</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>No models configured yet</source>
        <translation>尚未配置模型</translation>
    </message>
    <message>
        <source>Primary model</source>
        <translation>主模型</translation>
    </message>
    <message>
        <source>Refresh model list</source>
        <translation>刷新模型列表</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Restart gateway</source>
        <translation>重启网关</translation>
    </message>
    <message>
        <source>Open config folder</source>
        <translation>打开配置文件夹</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
</TS>
