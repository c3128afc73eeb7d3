<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountPage</name>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Get started</source>
        <translation>快速入门</translation>
    </message>
    <message>
        <source>Three steps connect CoderClaw to Hugging Face Inference Providers. You can change each of them later on these pages.</source>
        <translation>只需三步即可将 CoderClaw 连接到 Hugging Face Inference Providers。之后可随时在这些页面中修改各项设置。</translation>
    </message>
    <message>
        <source>1. Create a fine-grained token with the permission “Make calls to Inference Providers”.</source>
        <translation>1. 创建一个细粒度令牌，并授予“Make calls to Inference Providers”权限。</translation>
    </message>
    <message>
        <source>Create a token on Hugging Face</source>
        <translation>在 Hugging Face 上创建令牌</translation>
    </message>
    <message>
        <source>2. Paste the token into the field below; it is checked at once.</source>
        <translation>2. 将令牌粘贴到下方输入框，系统会立即验证。</translation>
    </message>
    <message>
        <source>3. Choose the default model CoderClaw uses.</source>
        <translation>3. 选择 CoderClaw 使用的默认模型。</translation>
    </message>
    <message>
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <source>Use as default model</source>
        <translation>设为默认模型</translation>
    </message>
    <message>
        <source>Hide this guide</source>
        <translation>隐藏此指南</translation>
    </message>
    <message>
        <source>Hugging Face token</source>
        <translation>Hugging Face 令牌</translation>
    </message>
    <message>
        <source>Check and save</source>
        <translation>验证并保存</translation>
    </message>
    <message>
        <source>Check stored token</source>
        <translation>验证已保存的令牌</translation>
    </message>
    <message>
        <source>Remove token</source>
        <translation>移除令牌</translation>
    </message>
    <message>
        <source>Store anyway</source>
        <translation>仍然保存</translation>
    </message>
    <message>
        <source>Keep the token for this session only</source>
        <translation>仅在本次会话中保留令牌</translation>
    </message>
    <message>
        <source>Create a token with this permission</source>
        <translation>创建具有此权限的令牌</translation>
    </message>
    <message>
        <source>Token used by the gateway</source>
        <translation>网关使用的令牌</translation>
    </message>
    <message>
        <source>Restart gateway</source>
        <translation>重启网关</translation>
    </message>
    <message>
        <source>Paste a token first.</source>
        <translation>请先粘贴令牌。</translation>
    </message>
    <message>
        <source>The token was stored in {backend}.</source>
        <translation>令牌已保存到 {backend}。</translation>
    </message>
    <message>
        <source>It could not be checked: {reason}</source>
        <translation>无法验证令牌：{reason}</translation>
    </message>
    <message>
        <source>CoderClaw&apos;s default model {model} was set as primary.</source>
        <translation>已将 CoderClaw 的默认模型 {model} 设为主模型。</translation>
    </message>
    <message>
        <source>The token was written to {path}.</source>
        <translation>令牌已写入 {path}。</translation>
    </message>
    <message>
        <source>Checking the token with Hugging Face…</source>
        <translation>正在通过 Hugging Face 验证令牌…</translation>
    </message>
    <message>
        <source>Token rejected by Hugging Face. It was not stored. Copy it again from your Hugging Face settings, or store it anyway if you are sure.</source>
        <translation>Hugging Face 拒绝了此令牌，因此未保存。请从 Hugging Face 设置中重新复制；如果确定无误，也可以选择仍然保存。</translation>
    </message>
    <message>
        <source>Hugging Face accepted the stored token.</source>
        <translation>Hugging Face 已接受保存的令牌。</translation>
    </message>
    <message>
        <source>Checking the stored token with Hugging Face…</source>
        <translation>正在通过 Hugging Face 验证已保存的令牌…</translation>
    </message>
    <message>
        <source>The token was removed from {backend}.</source>
        <translation>已从 {backend} 中移除令牌。</translation>
    </message>
    <message>
        <source>HF_TOKEN was removed from {path}.</source>
        <translation>已从 {path} 中移除 HF_TOKEN。</translation>
    </message>
    <message>
        <source>Removing the token…</source>
        <translation>正在移除令牌…</translation>
    </message>
    <message>
        <source>Remove the token?</source>
        <translation>移除令牌？</translation>
    </message>
    <message>
        <source>The token is removed from the keyring and from the gateway&apos;s .env file. Hugging Face shows a token only once, so keep a copy if you want to use it again.</source>
        <translation>令牌将从密钥环和网关的 .env 文件中移除。Hugging Face 只显示一次令牌，如需再次使用，请自行保留副本。</translation>
    </message>
    <message>
        <source>A token is stored. Check it to see whose it is and what it may do.</source>
        <translation>已保存令牌。验证后可查看其所属账户及权限。</translation>
    </message>
    <message>
        <source>Signed in as {fullname} ({name}).</source>
        <translation>已登录：{fullname}（{name}）。</translation>
    </message>
    <message>
        <source>Signed in as {name}.</source>
        <translation>已登录：{name}。</translation>
    </message>
    <message>
        <source>This token may call Inference Providers.</source>
        <translation>此令牌可以调用 Inference Providers。</translation>
    </message>
    <message>
        <source>This token may not call Inference Providers. Create a fine-grained token with “Make calls to Inference Providers” and paste it here.</source>
        <translation>此令牌无权调用 Inference Providers。请创建一个具有“Make calls to Inference Providers”权限的细粒度令牌，并粘贴到此处。</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>Fine-grained token “{name}”.</source>
        <translation>细粒度令牌“{name}”。</translation>
    </message>
    <message>
        <source>Classic read token “{name}”.</source>
        <translation>经典只读令牌“{name}”。</translation>
    </message>
    <message>
        <source>Classic write token “{name}”.</source>
        <translation>经典写入令牌“{name}”。</translation>
    </message>
    <message>
        <source>A token of another kind (for example OAuth).</source>
        <translation>其他类型的令牌（例如 OAuth）。</translation>
    </message>
    <message>
        <source>The token is kept in {backend}.</source>
        <translation>令牌保存在 {backend} 中。</translation>
    </message>
    <message>
        <source>A token would be kept in {backend}.</source>
        <translation>令牌将保存在 {backend} 中。</translation>
    </message>
    <message>
        <source>This is not a secure keyring.</source>
        <translation>这不是安全的密钥环。</translation>
    </message>
    <message>
        <source>The gateway finds no Hugging Face token.</source>
        <translation>网关找不到 Hugging Face 令牌。</translation>
    </message>
    <message>
        <source>The gateway uses the stored token, from {where}.</source>
        <translation>网关使用已保存的令牌，来源：{where}。</translation>
    </message>
    <message>
        <source>The gateway uses a different token: {where}.</source>
        <translation>网关使用的是另一个令牌：{where}。</translation>
    </message>
    <message>
        <source>The gateway uses {where}; no token is stored in the app.</source>
        <translation>网关使用 {where}；本应用中未保存令牌。</translation>
    </message>
    <message>
        <source>Stale copy: {copy}</source>
        <translation>过期副本：{copy}</translation>
    </message>
    <message>
        <source>Replace with the stored token</source>
        <translation>替换为已保存的令牌</translation>
    </message>
    <message>
        <source>Remove this copy</source>
        <translation>移除此副本</translation>
    </message>
    <message>
        <source>Fixed {name} in {path}.</source>
        <translation>已修复 {path} 中的 {name}。</translation>
    </message>
    <message>
        <source>The gateway&apos;s .env file changed.</source>
        <translation>网关的 .env 文件已更改。</translation>
    </message>
    <message>
        <source>Fixing {name}…</source>
        <translation>正在修复 {name}…</translation>
    </message>
    <message>
        <source>Restart the gateway so it reads it: coderclaw is not on PATH, so do it yourself.</source>
        <translation>需重启网关才能读取此更改：PATH 中找不到 coderclaw，请手动重启。</translation>
    </message>
    <message>
        <source>Restart the gateway so it reads the change.</source>
        <translation>请重启网关以读取此更改。</translation>
    </message>
    <message>
        <source>The gateway was restarted; now: {state}.</source>
        <translation>网关已重启，当前状态：{state}。</translation>
    </message>
    <message>
        <source>Restarting the gateway…</source>
        <translation>正在重启网关…</translation>
    </message>
    <message>
        <source>Built-in list: the router&apos;s list could not be fetched yet.</source>
        <translation>内置列表：尚未能获取路由器的模型列表。</translation>
    </message>
    <message>
        <source>List from the Hugging Face router.</source>
        <translation>来自 Hugging Face 路由器的列表。</translation>
    </message>
    <message>
        <source>{model} is now CoderClaw&apos;s default model.</source>
        <translation>{model} 现在是 CoderClaw 的默认模型。</translation>
    </message>
    <message>
        <source>Saving the default model…</source>
        <translation>正在保存默认模型…</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
    <message>
        <source>Token rejected by Hugging Face</source>
        <translation>Hugging Face 拒绝了令牌</translation>
    </message>
    <message>
        <source>Open Settings › Account and paste a new token.</source>
        <translation>请打开“设置 › 账户”并粘贴新的令牌。</translation>
    </message>
    <message>
        <source>A configured model is not served</source>
        <translation>已配置的模型不再提供服务</translation>
    </message>
    <message>
        <source>The config is not loaded yet.</source>
        <translation>配置尚未加载。</translation>
    </message>
    <message>
        <source>coderclaw.json was not saved</source>
        <translation>coderclaw.json 未保存</translation>
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
    <name>CatalogTable</name>
    <message>
        <source>★</source>
        <translation>★</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>模型名称</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>Organisation that publishes the model</source>
        <translation>发布该模型的组织</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Primary, fallback or alias in coderclaw.json</source>
        <translation>在 coderclaw.json 中用作主模型、备用模型或别名</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>提供商</translation>
    </message>
    <message>
        <source>Number of providers serving the model now</source>
        <translation>当前提供该模型的提供商数量</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Best context length in tokens over live providers</source>
        <translation>在线提供商中最长的上下文长度（令牌）</translation>
    </message>
    <message>
        <source>Input $/M</source>
        <translation>输入 $/M</translation>
    </message>
    <message>
        <source>Cheapest input price, US dollars per million tokens</source>
        <translation>最低输入价格（美元/百万令牌）</translation>
    </message>
    <message>
        <source>Output $/M</source>
        <translation>输出 $/M</translation>
    </message>
    <message>
        <source>Cheapest output price, US dollars per million tokens</source>
        <translation>最低输出价格（美元/百万令牌）</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Fastest throughput, tokens per second</source>
        <translation>最高吞吐量（令牌/秒）</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Lowest time to first token</source>
        <translation>最短首令牌时间</translation>
    </message>
    <message>
        <source>{count}M</source>
        <translation>{count}M</translation>
    </message>
    <message>
        <source>{count}K</source>
        <translation>{count}K</translation>
    </message>
    <message>
        <source>{value} tok/s</source>
        <translation>{value} 令牌/秒</translation>
    </message>
    <message>
        <source>{value} s</source>
        <translation>{value} 秒</translation>
    </message>
    <message>
        <source>{value} ms</source>
        <translation>{value} 毫秒</translation>
    </message>
    <message>
        <source>({policy})</source>
        <translation>（{policy}）</translation>
    </message>
    <message>
        <source>(via {provider})</source>
        <translation>（经由 {provider}）</translation>
    </message>
    <message>
        <source>{ref} is not in the model list</source>
        <translation>{ref} 不在模型列表中</translation>
    </message>
    <message>
        <source>Not a favourite</source>
        <translation>未收藏</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed outside the app</source>
        <translation>文件已在应用外被修改</translation>
    </message>
    <message>
        <source>{file} was changed outside the app after you started editing. Nothing was written.</source>
        <translation>开始编辑后，{file} 在应用外被修改，因此未写入任何内容。</translation>
    </message>
    <message>
        <source>Reload the file and drop your changes, or reload it and apply your changes again on top of it (you will see the new diff before anything is saved).</source>
        <translation>可以重新加载文件并放弃你的更改，也可以重新加载后在其基础上再次应用你的更改（保存前会显示新的差异）。</translation>
    </message>
    <message>
        <source>Re-apply my changes</source>
        <translation>重新应用我的更改</translation>
    </message>
    <message>
        <source>Reload and discard my changes</source>
        <translation>重新加载并放弃我的更改</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>GatewayPage</name>
    <message>
        <source>Gateway</source>
        <translation>网关</translation>
    </message>
    <message>
        <source>Files in use</source>
        <translation>正在使用的文件</translation>
    </message>
    <message>
        <source>Config file</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>Environment file</source>
        <translation>环境变量文件</translation>
    </message>
    <message>
        <source>State folder</source>
        <translation>状态文件夹</translation>
    </message>
    <message>
        <source>Auth profiles</source>
        <translation>认证配置</translation>
    </message>
    <message>
        <source>Service definition</source>
        <translation>服务定义</translation>
    </message>
    <message>
        <source>Not known yet.</source>
        <translation>尚不清楚。</translation>
    </message>
    <message>
        <source>{path}
Why: {reason}</source>
        <translation>{path}
原因：{reason}</translation>
    </message>
    <message>
        <source>None found: the gateway reads the paths above from its environment.</source>
        <translation>未找到：网关从其环境变量中读取上述路径。</translation>
    </message>
    <message>
        <source>{path} ({kind}); its environment settings win.</source>
        <translation>{path}（{kind}）；以其中的环境变量设置为准。</translation>
    </message>
    <message>
        <source>CODERCLAW_NIX_MODE is on: the config is read-only, so the app never writes it and backups cannot be restored here.</source>
        <translation>已启用 CODERCLAW_NIX_MODE：配置为只读，本应用不会写入配置，也无法在此恢复备份。</translation>
    </message>
    <message>
        <source>Gateway service</source>
        <translation>网关服务</translation>
    </message>
    <message>
        <source>Check status</source>
        <translation>检查状态</translation>
    </message>
    <message>
        <source>Restart gateway</source>
        <translation>重启网关</translation>
    </message>
    <message>
        <source>coderclaw is not on PATH, so the app cannot ask about the gateway or restart it. Install CoderClaw, or start the app from a session where coderclaw runs.</source>
        <translation>PATH 中找不到 coderclaw，因此本应用无法查询或重启网关。请安装 CoderClaw，或在可以运行 coderclaw 的会话中启动本应用。</translation>
    </message>
    <message>
        <source>Asking coderclaw for the gateway state…</source>
        <translation>正在向 coderclaw 查询网关状态…</translation>
    </message>
    <message>
        <source>The gateway is running.</source>
        <translation>网关正在运行。</translation>
    </message>
    <message>
        <source>The gateway is not running.</source>
        <translation>网关未运行。</translation>
    </message>
    <message>
        <source>The gateway&apos;s state is unknown: {details}.</source>
        <translation>网关状态未知：{details}。</translation>
    </message>
    <message>
        <source>Process ID: {pid}.</source>
        <translation>进程 ID：{pid}。</translation>
    </message>
    <message>
        <source>Port: {port}.</source>
        <translation>端口：{port}。</translation>
    </message>
    <message>
        <source>It does not answer on its port.</source>
        <translation>网关在其端口上没有响应。</translation>
    </message>
    <message>
        <source>Restarted.</source>
        <translation>已重启。</translation>
    </message>
    <message>
        <source>Restarting the gateway…</source>
        <translation>正在重启网关…</translation>
    </message>
    <message>
        <source>Config backups</source>
        <translation>配置备份</translation>
    </message>
    <message>
        <source>CoderClaw and this app keep the last five versions of the config. Select one to see how it differs from the current file.</source>
        <translation>CoderClaw 和本应用会保留最近五个版本的配置。选择一个版本即可查看它与当前文件的差异。</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Difference from the current file</source>
        <translation>与当前文件的差异</translation>
    </message>
    <message>
        <source>Select a backup to compare it with the current file.</source>
        <translation>选择一个备份，与当前文件进行比较。</translation>
    </message>
    <message>
        <source>Restore this backup</source>
        <translation>恢复此备份</translation>
    </message>
    <message>
        <source>{name} — {when}, {size} bytes</source>
        <translation>{name} — {when}，{size} 字节</translation>
    </message>
    <message>
        <source>There are no backups yet.</source>
        <translation>暂无备份。</translation>
    </message>
    <message>
        <source>This backup is the same as the current file.</source>
        <translation>此备份与当前文件相同。</translation>
    </message>
    <message>
        <source>{backup} was restored. The file it replaced is now {name}.bak: restore that to undo.</source>
        <translation>已恢复 {backup}。被替换的文件现为 {name}.bak，恢复该文件即可撤销。</translation>
    </message>
    <message>
        <source>The config changed on disk after the comparison was made, so nothing was restored. The comparison now shows the current file; check it and restore again.</source>
        <translation>比较完成后磁盘上的配置又发生了变化，因此未恢复任何内容。比较结果已更新为当前文件，请检查后再次恢复。</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
    <message>
        <source>This app</source>
        <translation>本应用</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Start at login is not available on this system yet; the installer will offer it.</source>
        <translation>此系统暂不支持登录时启动；安装程序将提供此选项。</translation>
    </message>
    <message>
        <source>The new language applies after the app is restarted.</source>
        <translation>新语言将在应用重启后生效。</translation>
    </message>
    <message>
        <source>The app starts at login ({path}).</source>
        <translation>本应用将在登录时启动（{path}）。</translation>
    </message>
    <message>
        <source>The app no longer starts at login.</source>
        <translation>本应用不再在登录时启动。</translation>
    </message>
</context>
<context>
    <name>ModelActions</name>
    <message>
        <source>primary</source>
        <translation>主模型</translation>
    </message>
    <message>
        <source>fallback {number}</source>
        <translation>备用模型 {number}</translation>
    </message>
    <message>
        <source>alias “{alias}”</source>
        <translation>别名“{alias}”</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>正在加载</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Fetch the model list from Hugging Face again</source>
        <translation>重新从 Hugging Face 获取模型列表</translation>
    </message>
    <message>
        <source>Search by id, name, owner or provider</source>
        <translation>按 ID、名称、所有者或提供商搜索</translation>
    </message>
    <message>
        <source>Search models</source>
        <translation>搜索模型</translation>
    </message>
    <message>
        <source>Configured and favourites</source>
        <translation>已配置和收藏</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>全部模型</translation>
    </message>
    <message>
        <source>Which models to list</source>
        <translation>要列出的模型</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>提供商</translation>
    </message>
    <message>
        <source>Any provider</source>
        <translation>任意提供商</translation>
    </message>
    <message>
        <source>Live only</source>
        <translation>仅在线</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具调用</translation>
    </message>
    <message>
        <source>Structured output</source>
        <translation>结构化输出</translation>
    </message>
    <message>
        <source>Image input</source>
        <translation>图像输入</translation>
    </message>
    <message>
        <source>Any context</source>
        <translation>任意上下文</translation>
    </message>
    <message>
        <source> K tokens or more</source>
        <translation> K 令牌及以上</translation>
    </message>
    <message>
        <source>Minimum context length, thousands of tokens</source>
        <translation>最小上下文长度（千令牌）</translation>
    </message>
    <message>
        <source>Any price</source>
        <translation>任意价格</translation>
    </message>
    <message>
        <source>≤ $</source>
        <translation>≤ $</translation>
    </message>
    <message>
        <source> /M output</source>
        <translation> /百万输出</translation>
    </message>
    <message>
        <source>Maximum output price, US dollars per million tokens</source>
        <translation>最高输出价格（美元/百万令牌）</translation>
    </message>
    <message>
        <source>fallback 12</source>
        <translation>备用模型 12</translation>
    </message>
    <message>
        <source>Providers of the selected model</source>
        <translation>所选模型的提供商</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Input $/M</source>
        <translation>输入 $/M</translation>
    </message>
    <message>
        <source>Output $/M</source>
        <translation>输出 $/M</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Routing policy</source>
        <translation>路由策略</translation>
    </message>
    <message>
        <source>Router default</source>
        <translation>路由器默认</translation>
    </message>
    <message>
        <source>Fastest (the router picks)</source>
        <translation>最快（由路由器选择）</translation>
    </message>
    <message>
        <source>Cheapest (the router picks)</source>
        <translation>最便宜（由路由器选择）</translation>
    </message>
    <message>
        <source>Preferred (your provider order)</source>
        <translation>首选（按你的提供商顺序）</translation>
    </message>
    <message>
        <source>A specific provider</source>
        <translation>指定提供商</translation>
    </message>
    <message>
        <source>Provider to use</source>
        <translation>要使用的提供商</translation>
    </message>
    <message>
        <source>Set as primary</source>
        <translation>设为主模型</translation>
    </message>
    <message>
        <source>Add as fallback</source>
        <translation>添加为备用模型</translation>
    </message>
    <message>
        <source>☆ Favourite</source>
        <translation>☆ 收藏</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>Short name, e.g. fast</source>
        <translation>简短名称，例如 fast</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Set alias</source>
        <translation>设置别名</translation>
    </message>
    <message>
        <source>Remove alias</source>
        <translation>移除别名</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>Alias:</source>
        <translation>别名：</translation>
    </message>
    <message>
        <source>Select a model to see its providers.</source>
        <translation>选择一个模型以查看其提供商。</translation>
    </message>
    <message>
        <source>Loading the model list…</source>
        <translation>正在加载模型列表…</translation>
    </message>
    <message>
        <source>Fetching the list from Hugging Face…</source>
        <translation>正在从 Hugging Face 获取列表…</translation>
    </message>
    <message>
        <source>Live list, fetched just now.</source>
        <translation>实时列表，刚刚获取。</translation>
    </message>
    <message>
        <source>Live list, fetched {age}.</source>
        <translation>实时列表，{age}获取。</translation>
    </message>
    <message>
        <source>Cached list from {date} ({reason}).</source>
        <translation>{date} 的缓存列表（{reason}）。</translation>
    </message>
    <message>
        <source>Cached list from {date}.</source>
        <translation>{date} 的缓存列表。</translation>
    </message>
    <message>
        <source>Built-in list ({reason}).</source>
        <translation>内置列表（{reason}）。</translation>
    </message>
    <message>
        <source>Built-in list (no token).</source>
        <translation>内置列表（无令牌）。</translation>
    </message>
    <message>
        <source>Built-in list (no connection).</source>
        <translation>内置列表（无网络连接）。</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>{count} min ago</source>
        <translation>{count} 分钟前</translation>
    </message>
    <message>
        <source>{count} h ago</source>
        <translation>{count} 小时前</translation>
    </message>
    <message>
        <source>{count} days ago</source>
        <translation>{count} 天前</translation>
    </message>
    <message>
        <source>{shown} of {total} models</source>
        <translation>{shown} / {total} 个模型</translation>
    </message>
    <message>
        <source>No model is configured or starred yet. Choose “All models” to browse.</source>
        <translation>尚未配置或收藏任何模型。选择“全部模型”即可浏览。</translation>
    </message>
    <message>
        <source>{shown} configured or starred models</source>
        <translation>{shown} 个已配置或收藏的模型</translation>
    </message>
    <message>
        <source>{model} — not in the current model list</source>
        <translation>{model} — 不在当前模型列表中</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>live</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Applies to {ref} (now: {role}).</source>
        <translation>应用于 {ref}（当前：{role}）。</translation>
    </message>
    <message>
        <source>Applies to {ref}.</source>
        <translation>应用于 {ref}。</translation>
    </message>
    <message>
        <source>★ Favourite</source>
        <translation>★ 已收藏</translation>
    </message>
    <message>
        <source>{ref} is now the primary model.</source>
        <translation>{ref} 现在是主模型。</translation>
    </message>
    <message>
        <source>{ref} is a fallback now.</source>
        <translation>{ref} 现在是备用模型。</translation>
    </message>
    <message>
        <source>{ref} can now be called “{alias}”.</source>
        <translation>现在可以用“{alias}”来指代 {ref}。</translation>
    </message>
    <message>
        <source>The alias of {ref} was removed.</source>
        <translation>已移除 {ref} 的别名。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Config changed outside the app</source>
        <translation>配置已在应用外被修改</translation>
    </message>
    <message>
        <source>coderclaw.json changed outside the app since it was read. Nothing was saved.</source>
        <translation>coderclaw.json 在读取后被应用外的程序修改，因此未保存任何内容。</translation>
    </message>
    <message>
        <source>Reload it, then apply your change again.</source>
        <translation>请重新加载，然后再次应用你的更改。</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
</context>
<context>
    <name>PathReason</name>
    <message>
        <source>the system&apos;s home folder</source>
        <translation>系统主目录</translation>
    </message>
    <message>
        <source>existing ~/.coderclaw/coderclaw.json</source>
        <translation>已存在 ~/.coderclaw/coderclaw.json</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>default (~/.coderclaw, as CoderClaw reads it)</source>
        <translation>默认（~/.coderclaw，与 CoderClaw 的读取位置一致）</translation>
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
    <name>ProviderChart</name>
    <message>
        <source>Providers by output price and speed</source>
        <translation>按输出价格和速度比较提供商</translation>
    </message>
    <message>
        <source>No provider has both a known output price and a known speed.</source>
        <translation>没有同时具备已知输出价格和已知速度的提供商。</translation>
    </message>
    <message>
        <source>Cheapest: {cheap} at {cheap_price}, {cheap_speed}. Fastest: {fast} at {fast_price}, {fast_speed}.</source>
        <translation>最便宜：{cheap}，{cheap_price}，{cheap_speed}。最快：{fast}，{fast_price}，{fast_speed}。</translation>
    </message>
    <message>
        <source>Not on the chart (price or speed unknown): {providers}</source>
        <translation>未在图中显示（价格或速度未知）：{providers}</translation>
    </message>
    <message>
        <source>output $/M</source>
        <translation>输出 $/M</translation>
    </message>
    <message>
        <source>tok/s</source>
        <translation>令牌/秒</translation>
    </message>
    <message>
        <source>No data to compare</source>
        <translation>没有可比较的数据</translation>
    </message>
    <message>
        <source>{provider} (cheapest, fastest)</source>
        <translation>{provider}（最便宜、最快）</translation>
    </message>
    <message>
        <source>{provider} (cheapest)</source>
        <translation>{provider}（最便宜）</translation>
    </message>
    <message>
        <source>{provider} (fastest)</source>
        <translation>{provider}（最快）</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Review and save</source>
        <translation>检查并保存</translation>
    </message>
    <message>
        <source>This is the exact change that will be written to {file}. Lines starting with + are added, lines starting with - are removed.</source>
        <translation>以下是将写入 {file} 的确切更改。以 + 开头的行为新增内容，以 - 开头的行为删除内容。</translation>
    </message>
    <message>
        <source>Change to {file}</source>
        <translation>对 {file} 的更改</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RoutingPage</name>
    <message>
        <source>Routing</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Choose the model CoderClaw uses first and the ones it tries next if that one fails. Nothing is written until you review and save.</source>
        <translation>选择 CoderClaw 首先使用的模型，以及该模型失败时依次尝试的模型。在你检查并保存之前，不会写入任何内容。</translation>
    </message>
    <message>
        <source>Open in editor</source>
        <translation>在编辑器中打开</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃更改</translation>
    </message>
    <message>
        <source>Review and save…</source>
        <translation>检查并保存…</translation>
    </message>
    <message>
        <source>Primary model</source>
        <translation>主模型</translation>
    </message>
    <message>
        <source>org/model, org/model:policy or an alias</source>
        <translation>org/model、org/model:policy 或别名</translation>
    </message>
    <message>
        <source>Set as primary</source>
        <translation>设为主模型</translation>
    </message>
    <message>
        <source>Fallbacks, tried in this order</source>
        <translation>备用模型（按此顺序尝试）</translation>
    </message>
    <message>
        <source>Drag to reorder, or use Move up and Move down.</source>
        <translation>拖动以调整顺序，或使用“上移”和“下移”。</translation>
    </message>
    <message>
        <source>Fallback models</source>
        <translation>备用模型</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move the selected fallback up</source>
        <translation>上移所选备用模型</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move the selected fallback down</source>
        <translation>下移所选备用模型</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected fallback</source>
        <translation>移除所选备用模型</translation>
    </message>
    <message>
        <source>Add a fallback: org/model, org/model:policy or an alias</source>
        <translation>添加备用模型：org/model、org/model:policy 或别名</translation>
    </message>
    <message>
        <source>Fallback to add</source>
        <translation>要添加的备用模型</translation>
    </message>
    <message>
        <source>Add fallback</source>
        <translation>添加备用模型</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>A short name can be used wherever a model is expected. Double-click an alias (or press F2) to edit it.</source>
        <translation>凡是需要填写模型的地方都可以使用简短的别名。双击别名（或按 F2）即可编辑。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Remove alias</source>
        <translation>移除别名</translation>
    </message>
    <message>
        <source>Remove the selected alias</source>
        <translation>移除所选别名</translation>
    </message>
    <message>
        <source>coderclaw.json was changed elsewhere while you were editing. Your changes are kept; you will be asked what to do when you save.</source>
        <translation>你在编辑期间，coderclaw.json 在别处被修改。你的更改已保留，保存时会询问如何处理。</translation>
    </message>
    <message>
        <source>{file} cannot be read: there is a syntax error at line {line}, column {column}. Fix it in a text editor, then reload. The app will not overwrite it.</source>
        <translation>无法读取 {file}：第 {line} 行第 {column} 列存在语法错误。请在文本编辑器中修复后重新加载。本应用不会覆盖该文件。</translation>
    </message>
    <message>
        <source>Loading the config…</source>
        <translation>正在加载配置…</translation>
    </message>
    <message>
        <source>CoderClaw runs in Nix mode, so its config is read-only. Change the models in your Nix configuration instead.</source>
        <translation>CoderClaw 以 Nix 模式运行，其配置为只读。请改为在你的 Nix 配置中修改模型。</translation>
    </message>
    <message>
        <source>Not served by the Hugging Face router any more.</source>
        <translation>Hugging Face 路由器已不再提供此模型。</translation>
    </message>
    <message>
        <source>The chosen provider no longer serves this model.</source>
        <translation>所选提供商已不再提供此模型。</translation>
    </message>
    <message>
        <source>No provider serves this model right now.</source>
        <translation>目前没有提供商提供此模型。</translation>
    </message>
    <message>
        <source>Same provider as the primary: no real fallback.</source>
        <translation>与主模型的提供商相同：起不到备用作用。</translation>
    </message>
    <message>
        <source>Not in the allowlist (agents.defaults.models): CoderClaw ignores it.</source>
        <translation>不在允许列表（agents.defaults.models）中：CoderClaw 会忽略它。</translation>
    </message>
    <message>
        <source>Not a valid model ref.</source>
        <translation>不是有效的模型引用。</translation>
    </message>
    <message>
        <source>Only aliases of Hugging Face models are edited here.</source>
        <translation>此处仅可编辑 Hugging Face 模型的别名。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Unsaved changes.</source>
        <translation>有未保存的更改。</translation>
    </message>
    <message>
        <source>No unsaved changes.</source>
        <translation>没有未保存的更改。</translation>
    </message>
    <message>
        <source>{model} is the primary model; a fallback must be another model.</source>
        <translation>{model} 是主模型；备用模型必须是其他模型。</translation>
    </message>
    <message>
        <source>{model} is already a fallback.</source>
        <translation>{model} 已经是备用模型。</translation>
    </message>
    <message>
        <source>An alias cannot be empty. Type a name, or use Remove alias.</source>
        <translation>别名不能为空。请输入名称，或使用“移除别名”。</translation>
    </message>
    <message>
        <source>An alias cannot contain &apos;/&apos;: it would be read as a model id.</source>
        <translation>别名不能包含“/”：否则会被当作模型 ID。</translation>
    </message>
    <message>
        <source>The alias {alias} is already used by {model}.</source>
        <translation>别名 {alias} 已被 {model} 使用。</translation>
    </message>
    <message>
        <source>The file was reloaded with other contents since you started editing.</source>
        <translation>自你开始编辑以来，文件已重新加载为其他内容。</translation>
    </message>
    <message>
        <source>Saved. CoderClaw picks up the change by itself.</source>
        <translation>已保存。CoderClaw 会自动应用此更改。</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>Some of your changes no longer fit the file and were dropped:</source>
        <translation>你的部分更改已不适用于当前文件，已被舍弃：</translation>
    </message>
    <message>
        <source>The file already holds your changes; nothing to save.</source>
        <translation>文件中已包含你的更改，无需保存。</translation>
    </message>
    <message>
        <source>No editor could be opened for {path}.</source>
        <translation>无法打开编辑器来编辑 {path}。</translation>
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
    <name>StatusLabel</name>
    <message>
        <source>What to do: {fix}</source>
        <translation>解决方法：{fix}</translation>
    </message>
</context>
<context>
    <name>TokenField</name>
    <message>
        <source>hf_…</source>
        <translation>hf_…</translation>
    </message>
    <message>
        <source>Hugging Face token</source>
        <translation>Hugging Face 令牌</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show the token</source>
        <translation>显示令牌</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Paste the token from the clipboard</source>
        <translation>从剪贴板粘贴令牌</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Hide the token</source>
        <translation>隐藏令牌</translation>
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
