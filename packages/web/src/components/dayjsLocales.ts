// antd's date pickers name weekdays and months through dayjs, which knows only English until a
// locale is registered; registering zh-cn does not change dayjs's global default.
import 'dayjs/locale/zh-cn';
